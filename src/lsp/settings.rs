//! The configuration the server runs with: the client's "resolute" settings (initialization
//! options, `workspace/configuration`, `didChangeConfiguration`) overlaid with `resolute.toml`
//! at the workspace root.
//!
//! The file wins key by key: it is shared by the project and read by `resolute check` too, so
//! editor and command line agree on a project's rules; editor settings fill in what the file
//! leaves out.
//!
//! Relative `corpus.paths` are read as `resolute check` reads them: the file's from the file's
//! folder, the editor's from the workspace root.

use crate::config::{self, Config};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

#[derive(Debug, Default)]
pub struct Settings {
    /// The client's "resolute" section.
    client: Value,
    /// `resolute.toml`, read as JSON with camelCase top-level keys.
    file: Option<Value>,
    pub file_path: Option<PathBuf>,
}

impl Settings {
    /// Takes the client's section from whatever shape it came in: `{ "resolute": {…} }` (as
    /// `didChangeConfiguration` sends it) or the section itself.
    pub fn set_client(&mut self, value: Value) {
        let section = match value {
            Value::Object(mut map) if map.get("resolute").is_some_and(Value::is_object) => {
                map.remove("resolute").unwrap_or_default()
            }
            other @ Value::Object(_) => other,
            _ => return,
        };
        self.client = section;
    }

    /// Reads `resolute.toml` found from `root` upwards (as the CLI does); an error is
    /// returned for the user to see, and the file is then ignored.
    pub fn load_file(&mut self, root: &Path) -> Result<(), String> {
        self.file = None;
        self.file_path = Config::find(root);
        let Some(path) = &self.file_path else {
            return Ok(());
        };
        let text = crate::files::read_source(path)?;
        let value: toml::Value =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let json = serde_json::to_value(value).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut json = camel_case_keys(json);
        if let Some(folder) = path.parent() {
            anchor_json_paths(&mut json, folder);
        }
        self.file = Some(json);
        Ok(())
    }

    /// The effective configuration. Rule entries that are not valid are reported and
    /// dropped one by one; beyond that, invalid client settings are dropped, then an invalid
    /// file; the defaults always remain.
    pub fn config(&self) -> (Config, Vec<String>) {
        let mut problems = Vec::new();
        let client = valid_rules(self.client.clone(), "settings", &mut problems);
        let file = self
            .file
            .clone()
            .unwrap_or_else(|| Value::Object(Map::new()));
        let file = valid_rules(file, config::FILE_NAME, &mut problems);
        let merged = merge(client, file.clone());
        match Config::from_json(merged) {
            Ok(c) => return (c, problems),
            Err(e) => problems.push(format!("settings: {e}")),
        }
        match Config::from_json(file) {
            Ok(c) => return (c, problems),
            Err(e) => problems.push(format!("{}: {e}", config::FILE_NAME)),
        }
        (Config::default(), problems)
    }
}

/// Relative corpus folders of the effective configuration, read from the workspace root.
pub fn anchor_corpus_paths(config: &mut Config, root: &Path) {
    for path in &mut config.corpus.paths {
        if path.is_relative() {
            *path = root.join(&*path);
        }
    }
}

/// The file's relative `corpus.paths`, before merging makes their origin unknown.
fn anchor_json_paths(value: &mut Value, folder: &Path) {
    let Some(Value::Array(paths)) = value.pointer_mut("/corpus/paths") else {
        return;
    };
    for p in paths {
        if let Some(relative) = p.as_str().filter(|s| Path::new(s).is_relative()) {
            *p = Value::String(folder.join(relative).to_string_lossy().into_owned());
        }
    }
}

/// Drops the `rules` entries the configuration would refuse (an unknown code, a misspelt
/// severity), so one stale entry does not cost every other setting.
fn valid_rules(mut value: Value, origin: &str, problems: &mut Vec<String>) -> Value {
    if let Some(Value::Object(rules)) = value.get_mut("rules") {
        rules.retain(|code, setting| {
            let alone = serde_json::json!({ "rules": { code.as_str(): setting.clone() } });
            match Config::from_json(alone).and_then(|c| crate::rules::validate_config(&c)) {
                Ok(_) => true,
                Err(e) => {
                    problems.push(format!("{origin}: {e}; ignored"));
                    false
                }
            }
        });
    }
    value
}

/// `debounce-ms` and `inlay_hints` as `debounceMs` and `inlayHints`, so that file and client
/// keys meet when merged (rule codes, one level down, keep their dashes).
fn camel_case_keys(value: Value) -> Value {
    let Value::Object(map) = value else {
        return value;
    };
    let map = map
        .into_iter()
        .map(|(k, v)| {
            let mut out = String::new();
            let mut upper = false;
            for c in k.chars() {
                if c == '-' || c == '_' {
                    upper = true;
                } else if upper {
                    out.extend(c.to_uppercase());
                    upper = false;
                } else {
                    out.push(c);
                }
            }
            (out, v)
        })
        .collect();
    Value::Object(map)
}

/// Deep merge: objects merge key by key, anything else in `over` replaces `base`.
fn merge(base: Value, over: Value) -> Value {
    match (base, over) {
        (Value::Object(mut base), Value::Object(over)) => {
            for (k, v) in over {
                let merged = match base.remove(&k) {
                    Some(b) => merge(b, v),
                    None => v,
                };
                base.insert(k, merged);
            }
            Value::Object(base)
        }
        (base, Value::Null) => base,
        (_, over) => over,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn file_wins_key_by_key() {
        let dir = std::env::temp_dir().join(format!("resolute-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("resolute.toml"),
            "debounce-ms = 5\n[rules]\nfootnote-undefined = \"off\"\n",
        )
        .unwrap();
        let mut s = Settings::default();
        s.set_client(json!({"resolute": {"debounceMs": 300, "rules": {"footnote-sequence": "hint"}, "inlayHints": {"ibid": false}}}));
        s.load_file(&dir).unwrap();
        let (c, problems) = s.config();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(c.debounce_ms, 5);
        assert!(!c.inlay_hints.ibid);
        assert_eq!(c.rules.len(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn corpus_paths_are_relative_to_the_file_or_the_root() {
        let dir = std::env::temp_dir().join(format!("resolute-corpus-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("resolute.toml"), "[corpus]\npaths = [\"prior\"]\n").unwrap();
        let mut s = Settings::default();
        s.load_file(&dir).unwrap();
        let (mut c, _) = s.config();
        anchor_corpus_paths(&mut c, Path::new("/elsewhere"));
        assert_eq!(c.corpus.paths, [dir.join("prior")]);
        s.file = None;
        s.set_client(json!({"corpus": {"paths": ["mine", "/abs"], "bundled": false}}));
        let (mut c, _) = s.config();
        anchor_corpus_paths(&mut c, Path::new("/ws"));
        assert_eq!(
            c.corpus.paths,
            [PathBuf::from("/ws/mine"), PathBuf::from("/abs")]
        );
        assert!(!c.corpus.bundled);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn invalid_rule_entries_are_dropped_alone() {
        let mut s = Settings::default();
        s.set_client(json!({"rules": {"no-such-rule": "off", "footnote-sequence": "loud", "footnote-undefined": "hint"}, "debounceMs": 0}));
        let (c, problems) = s.config();
        assert_eq!((c.debounce_ms, c.rules.len()), (0, 1));
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn invalid_client_settings_fall_back_to_the_defaults() {
        let mut s = Settings::default();
        s.set_client(json!({"debounceMs": "soon"}));
        let (c, problems) = s.config();
        assert_eq!(c, Config::default());
        assert_eq!(problems.len(), 1);
    }
}
