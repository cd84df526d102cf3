use clap::{Parser, Subcommand};
use resolute::cli::{self, ColorWhen, ListFormat, OutputFormat};
use std::path::PathBuf;

/// Checks United Nations resolution drafts: footnotes, "Ibid." chains, numbering, opening
/// phrases and punctuation.
#[derive(Parser)]
#[command(name = "resolute", version)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check drafts (files or directories) and report diagnostics.
    ///
    /// Exit status: 0 when no error was found, 1 when at least one was, 2 for a usage or I/O
    /// problem (a missing file, a file that is not UTF-8 or over 64 MiB, no drafts found).
    Check {
        /// Drafts to check: files, or folders searched for `.md`, `.markdown` and `.txt` files
        /// (hidden folders, `target` and `node_modules` are skipped).
        #[arg(required = true, value_name = "PATHS")]
        paths: Vec<PathBuf>,
        /// How to report.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
        /// When to colour the human report.
        #[arg(long, value_enum, default_value = "auto", value_name = "WHEN")]
        color: ColorWhen,
        /// Use this configuration file instead of the nearest resolute.toml.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Apply all safe fixes instead of reporting (same as `resolute fix`).
        #[arg(long)]
        fix: bool,
        /// With --fix: also apply fixes that rest on precedents (dates, citations).
        #[arg(long, requires = "fix")]
        unsafe_fixes: bool,
    },
    /// Apply all safe fixes to drafts (files or directories) and say what was fixed.
    ///
    /// Renumbers operative paragraphs (with their references) and footnotes (keeping "Ibid."
    /// chains), corrects openings and punctuation. Fixes that rest on precedents (dates,
    /// citations) need `--unsafe-fixes`. Files are written atomically, line endings kept.
    Fix {
        /// Drafts to fix: files, or folders searched for `.md`, `.markdown` and `.txt` files.
        #[arg(required = true, value_name = "PATHS")]
        paths: Vec<PathBuf>,
        /// Print a unified diff and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Also apply fixes that rest on precedents (dates, citations), which can be wrong.
        #[arg(long)]
        unsafe_fixes: bool,
        /// Use this configuration file (rule severities, footnote style) instead of the
        /// nearest resolute.toml found upwards from each draft.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Run the language server over stdio.
    Lsp {
        /// Accepted for clients that always pass it; stdio is the only transport.
        #[arg(long, hide = true)]
        stdio: bool,
    },
    /// Print every footnote: number, line of first marker, text, resolved citation.
    ///
    /// An "Ibid." is followed by the full citation it stands for, or by why it stands for none.
    Footnotes {
        /// The draft (`.md` or ODS `.txt`).
        path: PathBuf,
    },
    /// Search the paragraphs of the precedents (words, "quoted phrases").
    Search {
        #[arg(required = true)]
        words: Vec<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long, value_enum, default_value = "human")]
        format: ListFormat,
    },
    /// Compare each paragraph of a draft with its nearest precedent paragraph.
    Similar {
        path: PathBuf,
        #[arg(long, value_enum, default_value = "human")]
        format: ListFormat,
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// List the rules: code, default severity, summary.
    Rules {
        /// Print the rules reference as Markdown instead (the text of docs/rules.md).
        #[arg(long)]
        markdown: bool,
    },
    /// Manage the cache folder (`$XDG_CACHE_HOME/resolute`, else `~/.cache/resolute`).
    Cache {
        #[command(subcommand)]
        action: CacheAction,
    },
}

#[derive(Subcommand)]
enum CacheAction {
    /// Remove unpacked corpora of other versions and index caches this version would rebuild.
    ///
    /// Keeps this version's corpus and every index cache it can use. Safe while an editor runs
    /// another version's server: it keeps its index in memory; if its corpus copy is removed,
    /// only opening a precedent from it fails until it restarts and unpacks it again.
    Clean,
}

fn main() {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() {
                cli::EXIT_USAGE
            } else {
                cli::EXIT_CLEAN
            };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    if !matches!(args.command, Command::Lsp { .. }) {
        map_big_buffers();
    }
    let status = match args.command {
        Command::Check {
            paths,
            fix: true,
            unsafe_fixes,
            config,
            ..
        } => cli::fix(
            &paths,
            cli::FixMode {
                dry_run: false,
                unsafe_fixes,
            },
            config.as_deref(),
        ),
        Command::Check {
            paths,
            format,
            color,
            config,
            ..
        } => cli::check(&paths, format, color, config.as_deref()),
        Command::Fix {
            paths,
            dry_run,
            unsafe_fixes,
            config,
        } => cli::fix(
            &paths,
            cli::FixMode {
                dry_run,
                unsafe_fixes,
            },
            config.as_deref(),
        ),
        Command::Lsp { .. } => resolute::lsp::run(),
        Command::Footnotes { path } => cli::footnotes(&path),
        Command::Rules { markdown } => cli::list_rules(markdown),
        Command::Cache {
            action: CacheAction::Clean,
        } => cli::clean_cache(),
        Command::Search {
            words,
            limit,
            format,
        } => cli::search(&words, limit, format),
        Command::Similar {
            path,
            format,
            config,
        } => cli::similar(&path, format, config.as_deref()),
    };
    std::process::exit(status);
}

/// Has big buffers (a draft's text, its lists of paragraphs and findings) mapped from the
/// system and given back when freed. By default glibc raises that threshold each time such a
/// buffer is freed and serves the later ones from a heap it keeps: a tenth of the peak memory
/// of checking a big draft with a finding in every paragraph (issue 14). Not for `lsp`, which
/// would then map and unmap a document-sized buffer on every keystroke.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn map_big_buffers() {
    // SAFETY: sets one allocator parameter, before any other thread starts.
    unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024) };
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn map_big_buffers() {}
