//! The organ whose text a document is, and the bodies whose resolutions it cites: the
//! conventions of a Security Council text (years, not dates; "Further decides" without "Also
//! decides"; few footnotes) differ from those of the General Assembly.

use serde::{Deserialize, Serialize};

/// The organ that adopted a resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Body {
    GeneralAssembly,
    SecurityCouncil,
    HumanRightsCouncil,
    EconomicAndSocialCouncil,
}

impl Body {
    pub fn name(self) -> &'static str {
        match self {
            Body::GeneralAssembly => "General Assembly",
            Body::SecurityCouncil => "Security Council",
            Body::HumanRightsCouncil => "Human Rights Council",
            Body::EconomicAndSocialCouncil => "Economic and Social Council",
        }
    }

    /// How a text of this body names it after the first mention: "the Assembly", "the
    /// Council".
    pub fn short_name(self) -> &'static str {
        match self {
            Body::GeneralAssembly => "Assembly",
            _ => "Council",
        }
    }

    /// From an organ line's name ("General Assembly", "Security Council", …).
    pub fn from_organ(name: &str) -> Option<Body> {
        [
            Body::GeneralAssembly,
            Body::SecurityCouncil,
            Body::HumanRightsCouncil,
            Body::EconomicAndSocialCouncil,
        ]
        .into_iter()
        .find(|b| name.ends_with(b.name()))
    }

    /// From a document symbol: "S/RES/2334 (2016)", "S/2024/123", "A/HRC/RES/52/13",
    /// "E/RES/2023/5", "A/RES/77/1".
    pub fn from_symbol(symbol: &str) -> Option<Body> {
        let symbol = symbol.trim();
        if symbol.starts_with("S/") {
            Some(Body::SecurityCouncil)
        } else if symbol.starts_with("A/HRC/") {
            Some(Body::HumanRightsCouncil)
        } else if symbol.starts_with("E/") {
            Some(Body::EconomicAndSocialCouncil)
        } else if symbol.starts_with("A/") {
            Some(Body::GeneralAssembly)
        } else {
            None
        }
    }

    /// The document symbol of resolution `number` of this body: "A/RES/59/166",
    /// "S/RES/1325(2000)", "A/HRC/RES/26/8", "E/RES/2006/27".
    pub fn symbol(self, number: &str) -> String {
        let compact = number.replace(" (", "(");
        match self {
            Body::GeneralAssembly => format!("A/RES/{compact}"),
            Body::SecurityCouncil => format!("S/RES/{compact}"),
            Body::HumanRightsCouncil => format!("A/HRC/RES/{compact}"),
            Body::EconomicAndSocialCouncil => format!("E/RES/{compact}"),
        }
    }
}
