//! The unified social credit code (统一社会信用代码), GB 32100-2015.
//!
//! 18 characters from the 31-character set `0-9 A-H J-N P-R T U W-Y`
//! (no I, O, Z, S, V): registration authority (1), organisation category
//! (1), administrative division (6 digits), organisation code (9) and a
//! check character. The check character is C18 = 31 - (Σ Ci·Wi mod 31),
//! where Ci is the value of the i-th character (its position in the set),
//! Wi = 3^(i-1) mod 31 and a result of 31 is written as 0.

/// The code alphabet; a character's value is its position.
pub const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1-17: 3^(i-1) mod 31.
pub const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Why a code is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeProblem {
    /// Not 18 characters.
    Length(usize),
    /// A character outside the alphabet, with its 1-based position.
    Character(char, usize),
    /// The administrative division (positions 3-8) is not six digits.
    Division,
    /// The check character does not match: (found, expected).
    CheckDigit(char, char),
}

impl CodeProblem {
    /// A reason for the rejection file, in both languages.
    pub fn reason(&self) -> String {
        match self {
            CodeProblem::Length(n) => format!(
                "统一社会信用代码长度应为18位 / the credit code has {n} characters, expected 18"
            ),
            CodeProblem::Character(c, at) => format!(
                "统一社会信用代码含非法字符 / character {c:?} at position {at} is not allowed (0-9 and A-Y without I, O, Z, S, V)"
            ),
            CodeProblem::Division => {
                "统一社会信用代码行政区划码应为6位数字 / positions 3-8 (administrative division) must be digits".into()
            }
            CodeProblem::CheckDigit(found, expected) => format!(
                "统一社会信用代码校验位错误 / check character is {found}, GB 32100-2015 gives {expected}"
            ),
        }
    }
}

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// The check character of the first 17 characters, if they are valid.
pub fn check_char(first17: &[u8]) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in first17.iter().zip(WEIGHTS) {
        sum += value_of(*c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    Some(ALPHABET[check as usize] as char)
}

/// Validate a code as written (surrounding spaces ignored, letters taken in
/// upper case).
pub fn validate(code: &str) -> Result<(), CodeProblem> {
    let code = code.trim();
    let n = code.chars().count();
    if n != 18 {
        return Err(CodeProblem::Length(n));
    }
    // Upper case, in place of a copy (a roster of millions of rows comes
    // through here).
    let mut bytes = [0u8; 18];
    if code.len() == 18 {
        bytes.copy_from_slice(code.as_bytes());
        bytes.make_ascii_uppercase();
    } else {
        // 18 characters but more bytes: the first byte outside the set
        // (as the check below reports it for an ASCII code).
        let (i, b) = code
            .bytes()
            .map(|b| b.to_ascii_uppercase())
            .enumerate()
            .find(|&(_, b)| value_of(b).is_none())
            .unwrap_or((0, b'?'));
        return Err(CodeProblem::Character(b as char, i + 1));
    }
    // 18 chars and 18 bytes: all ASCII.
    for (i, &b) in bytes.iter().enumerate() {
        if value_of(b).is_none() {
            return Err(CodeProblem::Character(b as char, i + 1));
        }
    }
    if !bytes[2..8].iter().all(u8::is_ascii_digit) {
        return Err(CodeProblem::Division);
    }
    let expected = check_char(&bytes[..17]).unwrap_or('?');
    let found = bytes[17] as char;
    if found == expected {
        Ok(())
    } else {
        Err(CodeProblem::CheckDigit(found, expected))
    }
}

/// A code as compared between rosters: trimmed, upper case.
pub fn normalise(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_powers_of_three() {
        let mut w = 1u32;
        for expected in WEIGHTS {
            assert_eq!(w, expected);
            w = w * 3 % 31;
        }
    }

    #[test]
    fn hand_computed_check_character() {
        // 91130100MA0CXXXXX? worked by hand for 9113010000000000 + "1":
        // values 9,1,1,3,0,1,0,0,0,0,0,0,0,0,0,0,1
        // Σ = 9·1 + 1·3 + 1·9 + 3·27 + 1·26 + 1·28 = 9+3+9+81+26+28 = 156
        // 156 mod 31 = 1, 31 - 1 = 30 -> 'Y'.
        assert_eq!(check_char(b"91130100000000001"), Some('Y'));
        // All zeros: Σ = 0, 31 - 0 = 31 -> 0.
        assert_eq!(check_char(b"00000000000000000"), Some('0'));
    }
}
