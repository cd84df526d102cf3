//! Configuration shared by the CLI and the language server: `resolute.toml` at the workspace
//! root, or the same keys as JSON through LSP settings.
//!
//! ```toml
//! debounceMs = 150
//! [rules]
//! footnote-body-order = "off"
//! repeated-opening = "hint"
//! [footnotes]
//! style = "auto"          # "auto" | "repeat-markers" | "new-notes"
//! [corpus]
//! paths = ["precedents"]
//! bundled = true
//! [openings]
//! preambular = ["Gravely alarmed"]
//! operative = ["Solemnly proclaims"]
//! ```

use crate::severity::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "resolute.toml";

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Config {
    /// Per-rule severity or "off".
    pub rules: BTreeMap<String, String>,
    /// Delay between the last keystroke and diagnostics in the language server.
    #[serde(alias = "debounce-ms", alias = "debounce_ms")]
    pub debounce_ms: u64,
    pub footnotes: FootnoteConfig,
    pub corpus: CorpusConfig,
    pub openings: OpeningsConfig,
    #[serde(alias = "inlay-hints", alias = "inlay_hints")]
    pub inlay_hints: InlayHintConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            rules: BTreeMap::new(),
            debounce_ms: 150,
            footnotes: FootnoteConfig::default(),
            corpus: CorpusConfig::default(),
            openings: OpeningsConfig::default(),
            inlay_hints: InlayHintConfig::default(),
        }
    }
}

/// Which footnote practice a draft follows.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum FootnoteStyle {
    /// Accept both practices.
    #[default]
    Auto,
    /// Older practice: a source cited again repeats its footnote number.
    RepeatMarkers,
    /// Current practice (from about the 74th session): a source cited again gets a new note.
    NewNotes,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct FootnoteConfig {
    pub style: FootnoteStyle,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default)]
pub struct CorpusConfig {
    /// Folders of prior resolutions to index, besides the bundled corpus.
    pub paths: Vec<PathBuf>,
    /// Whether to use the bundled General Assembly corpus.
    pub bundled: bool,
}

impl Default for CorpusConfig {
    fn default() -> Self {
        CorpusConfig {
            paths: Vec::new(),
            bundled: true,
        }
    }
}

/// Opening phrases to accept besides the bundled vocabulary.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct OpeningsConfig {
    pub preambular: Vec<String>,
    pub operative: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default)]
pub struct InlayHintConfig {
    /// Show the source an "Ibid." stands for after it.
    pub ibid: bool,
}

impl Default for InlayHintConfig {
    fn default() -> Self {
        InlayHintConfig { ibid: true }
    }
}

/// A rule's configured state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    /// Enabled with its default severity.
    On,
    Severity(Severity),
}

impl Config {
    pub fn from_toml(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        config.validate()?;
        Ok(config)
    }

    pub fn from_json(value: serde_json::Value) -> Result<Config, String> {
        let config: Config = serde_json::from_value(value).map_err(|e| e.to_string())?;
        config.validate()?;
        Ok(config)
    }

    /// The settings' shape; which rules exist is for `rules::validate_config` to say.
    fn validate(&self) -> Result<(), String> {
        for (code, value) in &self.rules {
            if parse_setting(value).is_none() {
                return Err(format!(
                    "rule `{code}`: expected \"off\", \"error\", \"warning\", \"information\" or \"hint\", found \"{value}\""
                ));
            }
        }
        Ok(())
    }

    pub fn rule_setting(&self, code: &str) -> Option<RuleSetting> {
        self.rules.get(code).and_then(|v| parse_setting(v))
    }

    /// Finds `resolute.toml` in `start` or its ancestors.
    pub fn find(start: &Path) -> Option<PathBuf> {
        let dir = if start.is_dir() {
            start
        } else {
            start.parent()?
        };
        dir.ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    /// Loads the configuration that applies to `path`, or the defaults when there is none.
    pub fn load_for(path: &Path) -> Result<(Config, Option<PathBuf>), String> {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        match Config::find(&absolute) {
            Some(file) => {
                let text = crate::files::read_source(&file)?;
                let config =
                    Config::from_toml(&text).map_err(|e| format!("{}: {e}", file.display()))?;
                Ok((config, Some(file)))
            }
            None => Ok((Config::default(), None)),
        }
    }
}

fn parse_setting(value: &str) -> Option<RuleSetting> {
    Some(match value {
        "off" | "none" | "false" => RuleSetting::Off,
        "error" => RuleSetting::Severity(Severity::Error),
        "warning" | "warn" => RuleSetting::Severity(Severity::Warning),
        "information" | "info" => RuleSetting::Severity(Severity::Information),
        "hint" => RuleSetting::Severity(Severity::Hint),
        "on" | "true" => RuleSetting::On,
        _ => return None,
    })
}
