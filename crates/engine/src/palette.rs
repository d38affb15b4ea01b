//! The colour of each block role, one source for the app's charts and the reports (the
//! app reads it through its generated bindings), so "relationships are blue" holds on
//! every screen and page. Okabe & Ito's palette (2008, *Color Universal Design*), whose
//! hues stay distinct under the common colour-vision deficiencies; on light surfaces the
//! orange and green are darkened to keep 3:1 contrast against white (WCAG 2.1, 1.4.11).
//! Shapes and labels carry the same meaning, so colour is never the only cue.

use crate::spec::BlockRole;

/// A role's colour as `#RRGGBB`, on a light surface (the app's light theme, printed and
/// exported reports) and on a dark one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleColour {
    pub light: &'static str,
    pub dark: &'static str,
}

impl RoleColour {
    /// The light-surface colour as `0xRRGGBB`, as spreadsheet and document writers take it.
    pub fn light_rgb(self) -> u32 {
        u32::from_str_radix(self.light.trim_start_matches('#'), 16)
            .expect("palette entries are #RRGGBB")
    }
}

impl BlockRole {
    /// Every role, in the order legends list them.
    pub const ALL: [BlockRole; 4] = [
        BlockRole::Relational,
        BlockRole::Transactional,
        BlockRole::Control,
        BlockRole::Other,
    ];

    /// Blue for relationships, orange for service performance, bluish green for the
    /// respondent's background and reddish purple for anything else.
    pub fn colour(self) -> RoleColour {
        let (light, dark) = match self {
            BlockRole::Relational => ("#0072B2", "#56B4E9"),
            BlockRole::Transactional => ("#C75000", "#E69F00"),
            BlockRole::Control => ("#007A5A", "#2FCF9F"),
            BlockRole::Other => ("#CC79A7", "#CC79A7"),
        };
        RoleColour { light, dark }
    }
}

#[cfg(test)]
mod tests {
    use crate::spec::BlockRole;

    /// WCAG 2.1 relative luminance of `#RRGGBB`.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn roles_have_distinct_colours_visible_on_their_surfaces() {
        let light: Vec<&str> = BlockRole::ALL.iter().map(|r| r.colour().light).collect();
        for (i, a) in light.iter().enumerate() {
            assert!(light[i + 1..].iter().all(|b| b != a), "{a} used twice");
            // Graphics need 3:1 against the surface (WCAG 1.4.11); white and the app's
            // dark background #121417.
            assert!(contrast(a, "#FFFFFF") >= 3.0, "{a} on white");
        }
        for role in BlockRole::ALL {
            let dark = role.colour().dark;
            assert!(contrast(dark, "#121417") >= 3.0, "{dark} on the dark theme");
        }
        assert_eq!(BlockRole::Transactional.colour().light_rgb(), 0xC75000);
    }
}
