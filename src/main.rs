use clap::{Parser, Subcommand};
use resolute::cli::{self, OutputFormat};
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
    Check {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
        /// Use this configuration file instead of the nearest resolute.toml.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Apply all safe fixes instead of reporting (same as `resolute fix`).
        #[arg(long)]
        fix: bool,
    },
    /// Apply all safe fixes to drafts (files or directories).
    Fix {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print a unified diff and change nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Run the language server over stdio.
    Lsp {
        /// Accepted for clients that always pass it; stdio is the only transport.
        #[arg(long, hide = true)]
        stdio: bool,
    },
    /// Print every footnote: number, line of first marker, text, resolved citation.
    Footnotes { path: PathBuf },
    /// Search the paragraphs of the precedents (words, "quoted phrases").
    Search {
        #[arg(required = true)]
        words: Vec<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
    },
    /// Compare each paragraph of a draft with its nearest precedent paragraph.
    Similar {
        path: PathBuf,
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// List the rules (or print the rules reference as Markdown).
    Rules {
        #[arg(long)]
        markdown: bool,
    },
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
    let status = match args.command {
        Command::Check {
            paths,
            fix: true,
            config,
            ..
        } => cli::fix(&paths, false, config.as_deref()),
        Command::Check {
            paths,
            format,
            config,
            ..
        } => cli::check(&paths, format, config.as_deref()),
        Command::Fix {
            paths,
            dry_run,
            config,
        } => cli::fix(&paths, dry_run, config.as_deref()),
        Command::Lsp { .. } => resolute::lsp::run(),
        Command::Footnotes { path } => cli::footnotes(&path),
        Command::Rules { markdown } => cli::list_rules(markdown),
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
