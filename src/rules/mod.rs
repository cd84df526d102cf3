//! The rule registry and the checker.
//!
//! Each rule family lives in its own module and declares its rules once with
//! [`declare_rules!`]: code, default severity and a doc comment (what it checks, why, an
//! example, the fix). `docs/rules.md` is generated from these declarations
//! (`resolute rules --markdown`), and a test fails when it is stale.

mod agreed;
pub(crate) mod citations;
mod footnotes;
mod ibid;
pub(crate) mod numbering;
pub(crate) mod openings;
mod punctuation;
mod quoted;
pub mod renumber;
mod scans;
mod slips;

use crate::agreed::AgreedSearch;
use crate::config::{Config, RuleSetting};
pub use crate::edit::Edit;
use crate::model::citation::{self, NoteInfo};
use crate::model::plain::PlainText;
use crate::model::{Body, DirectiveKind, Document, PlaceCache, instrument};
use crate::precedent::PrecedentIndex;
use crate::precedent::names::{self, MarkerName};
use crate::precedent::references::{self, ReferenceCache};
pub use crate::severity::Severity;
use crate::source::Span;
use crate::vocab::Vocabulary;
use scans::{Scan, ScanCache};
use serde::Serialize;
use smallvec::SmallVec;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

/// A rule's declaration.
#[derive(Debug)]
pub struct Rule {
    /// Stable kebab-case code, shown in every diagnostic.
    pub code: &'static str,
    pub default_severity: Severity,
    /// Rules that fire on many adopted texts are off unless configured on.
    pub enabled_by_default: bool,
    /// Only meaningful in Markdown drafts.
    pub markdown_only: bool,
    /// Whether the rule applies to Security Council texts, whose conventions differ from the
    /// General Assembly's: resolutions cited with their year and no date, treaties rarely
    /// footnoted, "Further decides" with no "Also decides" before it.
    pub security_council: bool,
    pub family: &'static str,
    /// The doc comment: first line is the summary, the rest explains why, example and fix.
    pub doc: &'static str,
}

impl Rule {
    /// The severity a user gets without configuring the rule: its default, or `off`.
    pub fn default_setting(&self) -> &'static str {
        if self.enabled_by_default {
            self.default_severity.as_str()
        } else {
            "off"
        }
    }

    pub fn summary(&self) -> &'static str {
        self.doc.lines().next().unwrap_or_default().trim()
    }

    /// The organs whose texts the rule checks, as the rules reference names them.
    pub fn organs(&self) -> &'static str {
        if self.security_council {
            "all"
        } else {
            "all but the Security Council"
        }
    }
}

/// Declares the rules of one family: a static per rule and a `RULES` list.
///
/// Flags after the severity: `off` (disabled by default), `markdown` (Markdown only),
/// `not_sc` (a General Assembly convention that Security Council texts do not follow).
macro_rules! declare_rules {
    ($family:literal; $( $(#[doc = $doc:literal])+ $name:ident = $code:literal, $sev:ident $(, $flag:ident)*; )+) => {
        $(
            $(#[doc = $doc])+
            pub static $name: $crate::rules::Rule = $crate::rules::Rule {
                code: $code,
                default_severity: $crate::rules::Severity::$sev,
                enabled_by_default: !declare_rules!(@has off $($flag)*),
                markdown_only: declare_rules!(@has markdown $($flag)*),
                security_council: !declare_rules!(@has not_sc $($flag)*),
                family: $family,
                doc: concat!($($doc, "\n"),+),
            };
        )+
        /// Every rule of this family, in declaration order.
        pub static RULES: &[&$crate::rules::Rule] = &[$(&$name),+];
    };
    (@has off off $($rest:ident)*) => { true };
    (@has markdown markdown $($rest:ident)*) => { true };
    (@has not_sc not_sc $($rest:ident)*) => { true };
    (@has $want:ident $first:ident $($rest:ident)*) => { declare_rules!(@has $want $($rest)*) };
    (@has $want:ident) => { false };
}
pub(crate) use declare_rules;

/// Every rule, family by family.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    [
        footnotes::RULES,
        citations::RULES,
        ibid::RULES,
        numbering::RULES,
        openings::RULES,
        punctuation::RULES,
        slips::RULES,
        agreed::RULES,
    ]
    .into_iter()
    .flatten()
    .copied()
}

pub fn by_code(code: &str) -> Option<&'static Rule> {
    all().find(|r| r.code == code)
}

/// Refuses a configuration that sets a rule that does not exist (configuration itself knows
/// no rule, only the shape of a setting).
pub fn validate_config(config: &Config) -> Result<(), String> {
    match config.rules.keys().find(|code| by_code(code).is_none()) {
        Some(code) => Err(format!("unknown rule `{code}` in [rules]")),
        None => Ok(()),
    }
}

/// Whether `resolute fix` may apply a fix unasked (as ruff has it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Follows from the draft alone (numbering, openings, punctuation): `fix` applies it.
    Safe,
    /// Rests on precedents (dates, citations), which can be wrong: `fix --unsafe-fixes` only.
    Unsafe,
    /// One of several readings the evidence cannot choose between: offered in the editor,
    /// never applied by `fix`.
    Manual,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::Manual => "manual",
        }
    }
}

/// A correction a drafter can apply in one action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// Borrowed when fixed: a renumbering offered by every paragraph of a big draft would
    /// otherwise allocate its title once per paragraph.
    pub title: Cow<'static, str>,
    /// Shared: a document-wide fix (renumbering) is offered by every diagnostic it repairs,
    /// and one list serves them all.
    pub edits: Arc<Vec<Edit>>,
    pub applicability: Applicability,
}

/// A place that explains a diagnostic ("footnote 4 first cited here").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub related: Vec<Related>,
    /// Room for one inline: most diagnostics have one fix or none, and a misnumbered draft
    /// has a diagnostic in every paragraph (issue 14).
    pub fixes: SmallVec<[Fix; 1]>,
}

impl Diagnostic {
    pub fn new(rule: &'static Rule, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.default_severity,
            span,
            message: fitted(message.into()),
            related: Vec::new(),
            fixes: SmallVec::new(),
        }
    }

    pub fn related(mut self, span: Span, message: impl Into<String>) -> Self {
        // Most diagnostics have one related place and one fix: room for exactly one, not the
        // four a first push makes, keeps a big draft's diagnostics small (issue 14). Past the
        // first, the list grows as usual: a footnote cited ten thousand times is not copied
        // ten thousand times over.
        if self.related.is_empty() {
            self.related.reserve_exact(1);
        }
        self.related.push(Related {
            span,
            message: fitted(message.into()),
        });
        self
    }

    /// Adds a safe fix.
    pub fn fix(
        self,
        title: impl Into<Cow<'static, str>>,
        edits: impl Into<Arc<Vec<Edit>>>,
    ) -> Self {
        self.fix_with(Applicability::Safe, title, edits)
    }

    /// Adds a fix that rests on precedents.
    pub fn unsafe_fix(
        self,
        title: impl Into<Cow<'static, str>>,
        edits: impl Into<Arc<Vec<Edit>>>,
    ) -> Self {
        self.fix_with(Applicability::Unsafe, title, edits)
    }

    pub fn fix_with(
        mut self,
        applicability: Applicability,
        title: impl Into<Cow<'static, str>>,
        edits: impl Into<Arc<Vec<Edit>>>,
    ) -> Self {
        self.fixes.push(Fix {
            title: title.into(),
            edits: edits.into(),
            applicability,
        });
        self
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }
}

/// A message without the spare room `format!` leaves (about half again its length): a
/// misnumbered draft holds one message per paragraph (issue 14).
fn fitted(mut message: String) -> String {
    message.shrink_to_fit();
    message
}

/// What one check keeps for the next check of the same document: an editor keeps one per
/// document, so that a keystroke rereads only the paragraph it changed.
#[derive(Default)]
pub struct Kept {
    /// What the precedent index found in each paragraph.
    scans: ScanCache,
    /// The resolution references in each paragraph and footnote.
    references: ReferenceCache,
    /// Where a capital follows "and" in each paragraph and is a slip, not a pronoun or an
    /// operative opening ([`slips`]; under the configured vocabulary).
    capitals_after_and: PlaceCache<Arc<[Range<usize>]>>,
    /// What each paragraph's text says of its opening ([`openings`]).
    openings: PlaceCache<Arc<openings::TextReading>>,
    /// Where digits stand between two lower-case letters in each paragraph ([`slips`]).
    glued_digits: PlaceCache<Arc<[Range<usize>]>>,
    /// The paragraph references ("paragraph 5 above") in each paragraph ([`numbering`]).
    paragraph_references: PlaceCache<Arc<[numbering::Reference]>>,
}

/// What every rule family reads: the document, its analysed footnotes and the configuration.
pub struct Context<'a> {
    pub doc: &'a Document,
    pub notes: Vec<NoteInfo>,
    pub config: &'a Config,
    /// The bundled opening phrases, extended by `[openings]`.
    pub vocab: std::borrow::Cow<'a, Vocabulary>,
    /// Prior resolutions for the citation checks; without them those rules stay silent.
    pub precedents: Option<&'a PrecedentIndex>,
    /// The organ whose text this is; some conventions are the General Assembly's alone.
    pub body: Body,
    /// Paragraphs of prior resolutions for the agreed-language rule; without them it is silent.
    pub agreed: Option<&'a dyn AgreedSearch>,
    /// Paragraph openings, found on first use and shared by the families that read them.
    openings: std::sync::OnceLock<Vec<openings::Found>>,
    /// What the precedent index finds in each paragraph, on first use, shared likewise.
    scans: std::sync::OnceLock<Vec<Arc<Scan>>>,
    /// The instrument named before each marker, as the model reads it and as the precedent
    /// module reads it, and the instrument the index reads there: on first use, shared.
    model_names: std::sync::OnceLock<Vec<Option<String>>>,
    precedent_names: std::sync::OnceLock<Vec<Option<MarkerName>>>,
    marker_instruments: std::sync::OnceLock<Vec<Option<usize>>>,
    /// Where each section's numbered preambular paragraphs end
    /// ([`numbering::preambular_run_end`]), on first use, shared likewise.
    preambular_runs: std::sync::OnceLock<Vec<usize>>,
    /// What the previous check of this document read, reused where its text is unchanged.
    kept: Option<&'a Kept>,
}

impl<'a> Context<'a> {
    pub fn new(doc: &'a Document, config: &'a Config) -> Self {
        Context::with_notes(doc, config, citation::analyse(doc))
    }

    /// A context for a document whose footnotes are already analysed
    /// ([`citation::analyse_reusing`]).
    pub fn with_notes(doc: &'a Document, config: &'a Config, notes: Vec<NoteInfo>) -> Self {
        Context {
            doc,
            notes,
            config,
            vocab: vocabulary(config),
            precedents: None,
            body: doc.body(),
            agreed: None,
            openings: std::sync::OnceLock::new(),
            scans: std::sync::OnceLock::new(),
            model_names: std::sync::OnceLock::new(),
            precedent_names: std::sync::OnceLock::new(),
            marker_instruments: std::sync::OnceLock::new(),
            preambular_runs: std::sync::OnceLock::new(),
            kept: None,
        }
    }

    /// The same context, checking citations against these precedents.
    pub fn with_precedents(mut self, index: &'a PrecedentIndex) -> Self {
        self.precedents = Some(index);
        self
    }

    /// The same context, reusing (and updating) what `kept` holds of the previous check.
    pub fn with_kept(mut self, kept: &'a Kept) -> Self {
        self.kept = Some(kept);
        self
    }

    /// `read` of each paragraph's text, through the cache `of` picks from what the previous
    /// check kept, when the context has it. `key` tells apart what `read` depends on besides
    /// the text (0 when nothing).
    fn per_paragraph<T: Clone + 'a>(
        &self,
        key: u64,
        of: impl FnOnce(&'a Kept) -> &'a PlaceCache<T>,
        mut read: impl FnMut(&PlainText) -> T,
    ) -> Vec<T> {
        let texts = self.doc.paragraphs.iter().map(|p| &p.text);
        PlaceCache::read_through(self.kept.map(of), key, texts, |_, text| read(text))
    }

    /// Whether paragraph `index` is numbered but preambular
    /// ([`numbering::is_numbered_preambular`]).
    fn numbered_preambular(&self, index: usize) -> bool {
        let runs = self.preambular_runs.get_or_init(|| {
            let sections = 0..self.doc.sections.len();
            let run_end = |s| numbering::preambular_run_end(self.doc, &self.vocab, s);
            sections.map(run_end).collect()
        });
        let section = self.doc.paragraphs[index].section();
        numbering::is_numbered_preambular(self.doc, runs[section], index)
    }

    /// Every resolution reference ([`references::references`]).
    pub fn references(&self) -> Vec<references::ResolutionRef> {
        references::references_reusing(self.doc, self.kept.map(|k| &k.references))
    }

    /// What the precedent index finds in each paragraph (aligned with the paragraphs); `None`
    /// without an index.
    fn scans(&self) -> Option<&[Arc<Scan>]> {
        let index = self.precedents?;
        let scans =
            (self.scans).get_or_init(|| scans::scan(self.doc, index, self.kept.map(|k| &k.scans)));
        Some(scans)
    }

    /// The instrument named before each marker ([`instrument::marker_names`]).
    /// Read through the paragraph scans when there are any, so that an editor rereads only
    /// the names in the paragraph a keystroke changed.
    fn model_names(&self) -> &[Option<String>] {
        (self.model_names).get_or_init(|| match self.scans() {
            Some(scans) => instrument::marker_names_reading(self.doc, |p, text, floor, at| {
                scans[p].name_before(text, floor, at)
            }),
            None => instrument::marker_names(self.doc),
        })
    }

    /// The instrument named before each marker ([`names::marker_names`]), read through the
    /// paragraph scans when there are any.
    fn precedent_names(&self) -> &[Option<MarkerName>] {
        (self.precedent_names).get_or_init(|| match self.scans() {
            Some(scans) => names::marker_names_reading(self.doc, |p, text, floor, at| {
                scans[p].name_at(text, floor, at)
            }),
            None => names::marker_names(self.doc),
        })
    }

    /// The instrument the index reads before each marker; empty without an index.
    fn marker_instruments(&self) -> &[Option<usize>] {
        (self.marker_instruments).get_or_init(|| match (self.precedents, self.scans()) {
            (Some(index), Some(scans)) => {
                let names = self.precedent_names();
                index.marker_instruments_reading(self.doc, names, |p, text, floor, at| {
                    scans[p].known_before(index, text, floor, at)
                })
            }
            _ => Vec::new(),
        })
    }

    /// The same context, comparing paragraphs with these precedent paragraphs.
    pub fn with_agreed(mut self, search: &'a dyn AgreedSearch) -> Self {
        self.agreed = Some(search);
        self
    }
}

fn vocabulary(config: &Config) -> std::borrow::Cow<'static, Vocabulary> {
    let bundled = Vocabulary::bundled();
    if config.openings.preambular.is_empty() && config.openings.operative.is_empty() {
        std::borrow::Cow::Borrowed(bundled)
    } else {
        std::borrow::Cow::Owned(bundled.with_config(config))
    }
}

/// Runs every enabled rule and returns its diagnostics in source order.
pub fn check(doc: &Document, config: &Config) -> Vec<Diagnostic> {
    let cx = Context::new(doc, config);
    check_with(&cx)
}

pub fn check_with(cx: &Context) -> Vec<Diagnostic> {
    let mut out = check_families(cx);
    quoted::check(cx, &mut out);
    // Unstable, with the message to settle ties: a stable sort would allocate a copy of half
    // the findings, at the moment they are all held.
    out.sort_unstable_by(|a, b| order(a).cmp(&order(b)));
    out
}

/// What every rule family finds, configured, in no particular order. A draft quoted inside
/// this one is not read here: a quoted draft's own check stops at this, so quotation marks
/// nested however deep cost one reading.
fn check_families(cx: &Context) -> Vec<Diagnostic> {
    type Check = fn(&Context, &mut Vec<Diagnostic>);
    let families: [(&[&Rule], Check); 8] = [
        (footnotes::RULES, footnotes::check),
        (citations::RULES, citations::check),
        (ibid::RULES, ibid::check),
        (numbering::RULES, numbering::check),
        (openings::RULES, openings::check),
        (punctuation::RULES, punctuation::check),
        (slips::RULES, slips::check),
        (agreed::RULES, agreed::check),
    ];
    let mut out = Vec::new();
    for (rules, check) in families {
        // A family whose rules are all off is not run: every finding would be dropped.
        if rules.iter().any(|r| active(r, cx)) {
            let start = out.len();
            check(cx, &mut out);
            // Configured family by family, in place, so that what rules turned off find is
            // never held beside the findings of every other family.
            let mut index = 0;
            out.retain_mut(|d| {
                index += 1;
                index <= start || configure(d, cx)
            });
        }
    }
    out
}

/// The order of a report: by place, then rule, then message.
fn order(d: &Diagnostic) -> (usize, usize, &str, &str) {
    (d.span.start, d.span.end, d.rule.code, &d.message)
}

/// Whether a rule reports in this document: it applies to the format and the configuration
/// (or its default state) has it on.
fn active(rule: &Rule, cx: &Context) -> bool {
    if rule.markdown_only && cx.doc.format != crate::model::Format::Markdown {
        return false;
    }
    if !rule.security_council && cx.body == Body::SecurityCouncil {
        return false;
    }
    is_on(rule, cx.config)
}

/// Whether the configuration (or the rule's default state) has the rule on.
fn is_on(rule: &Rule, config: &Config) -> bool {
    match config.rule_setting(rule.code) {
        Some(RuleSetting::Off) => false,
        Some(_) => true,
        None => rule.enabled_by_default,
    }
}

/// Whether any rule reading the agreed-language index is on: when none is, a new index
/// changes no diagnostic.
pub fn agreed_rules_on(config: &Config) -> bool {
    agreed::RULES.iter().any(|r| is_on(r, config))
}

/// Applies the configured severity; whether the diagnostic is kept, by the rule's state and
/// suppression comments.
fn configure(d: &mut Diagnostic, cx: &Context) -> bool {
    if !active(d.rule, cx) {
        return false;
    }
    if let Some(RuleSetting::Severity(s)) = cx.config.rule_setting(d.rule.code) {
        d.severity = s;
    }
    !suppressed(cx.doc, d)
}

/// Whether a Markdown suppression comment silences this diagnostic.
fn suppressed(doc: &Document, d: &Diagnostic) -> bool {
    let line = doc.lines.line_of(d.span.start);
    let names = |rules: &[String]| rules.is_empty() || rules.iter().any(|r| r == d.rule.code);
    let mut disabled = false;
    for dir in &doc.directives {
        if dir.line >= line {
            break;
        }
        match dir.kind {
            DirectiveKind::Disable if names(&dir.rules) => disabled = true,
            DirectiveKind::Enable if names(&dir.rules) => disabled = false,
            DirectiveKind::DisableNextLine
                if names(&dir.rules) && next_content_line(doc, dir.line) == line =>
            {
                return true;
            }
            _ => {}
        }
    }
    disabled
}

fn next_content_line(doc: &Document, after: usize) -> usize {
    (after + 1..doc.lines.line_count())
        .find(|&l| {
            let start = doc.lines.line_start(l);
            !doc.text[start..doc.lines.line_end(&doc.text, l)]
                .trim()
                .is_empty()
        })
        .unwrap_or(after + 1)
}

/// Markdown for `docs/rules.md`, generated from the declarations.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Rules reference\n\n<!-- Generated by `resolute rules --markdown` from the rule declarations in src/rules/. Do not edit by hand. -->\n\n",
    );
    out.push_str(
        "Every rule checks the texts of every organ unless its `organs` column says otherwise: \
         the organ is read from the organ line (\"The Security Council,\") or the symbol \
         (`S/…`, `A/HRC/…`, `E/…`), and Security Council texts follow conventions of their own \
         (resolutions cited with their year and no date, treaties rarely footnoted, \
         \"Further decides\" with no \"Also decides\" before it).\n\n",
    );
    out.push_str("| code | default | family | organs | checks |\n|---|---|---|---|---|\n");
    for r in all() {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} | {} |\n",
            r.code,
            r.code,
            r.default_setting(),
            r.family,
            r.organs(),
            r.summary()
        ));
    }
    for r in all() {
        out.push_str(&format!("\n## {}\n\n", r.code));
        let mut meta = format!("Default severity: **{}**", r.default_severity.as_str());
        if !r.enabled_by_default {
            meta.push_str(" (off by default)");
        }
        if r.markdown_only {
            meta.push_str(" · Markdown drafts only");
        }
        if !r.security_council {
            meta.push_str(" · Not for Security Council texts");
        }
        out.push_str(&format!("{meta} · Family: {}\n\n", r.family));
        for line in r.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
    }
    out
}
