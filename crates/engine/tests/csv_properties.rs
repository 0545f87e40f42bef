//! Property tests of the CSV reader behind `failover import` and the page's
//! "Your topology": random fields with quotes, commas, line breaks (LF and
//! CRLF), byte-order marks and `#` come back exactly as written, with or
//! without PowerShell's BOM and `#TYPE` line; the importers never panic on
//! what they are given.

use failover_engine::import::{pairs_csv, parse_csv, users_csv};
use proptest::prelude::*;

fn field() -> impl Strategy<Value = String> {
    "[a-zé@. #;\u{feff}\",\r\n]{0,12}"
}

/// A field as an exporter writes it: quoted (doubling quotes) when it must
/// be, or always, as Windows PowerShell does.
fn encode(field: &str, quote_all: bool) -> String {
    let must = field.is_empty() || field.contains(['"', ',', '\r', '\n', '#', '\u{feff}']);
    if quote_all || must {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fields_come_back_exactly_as_written(
        records in prop::collection::vec(prop::collection::vec(field(), 2..4), 1..6),
        bom in any::<bool>(),
        type_line in any::<bool>(),
        crlf in any::<bool>(),
        quote_all in any::<bool>(),
        final_newline in any::<bool>(),
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut text = String::new();
        if bom {
            text.push('\u{feff}');
        }
        if type_line {
            text.push_str("#TYPE Selected.Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser");
            text.push_str(eol);
        }
        let lines: Vec<String> =
            records.iter().map(|r| r.iter().map(|f| encode(f, quote_all)).collect::<Vec<_>>().join(",")).collect();
        text.push_str(&lines.join(eol));
        if final_newline {
            text.push_str(eol);
        }
        let parsed = parse_csv(&text).map_err(|p| TestCaseError::fail(format!("{p}: {text:?}")))?;
        let fields: Vec<Vec<String>> = parsed.iter().map(|r| r.fields.clone()).collect();
        prop_assert_eq!(fields, records, "{:?}", text);
        // Each record starts on the line its first field is on.
        let mut line = 1 + u32::from(type_line);
        for (record, written) in parsed.iter().zip(&lines) {
            prop_assert_eq!(record.line, line);
            line += written.matches('\n').count() as u32 + 1;
        }
    }

    #[test]
    fn the_importers_answer_any_text_without_panicking(
        rows in prop::collection::vec(prop::collection::vec(field(), 0..5), 0..6),
        header in prop::sample::select(vec!["SipAddress,DisplayName,RegistrarPool", "\"PrimaryPoolFqdn\",\"BackupPoolFqdn\"", "", "SipAddress"]),
    ) {
        let body: Vec<String> = rows.iter().map(|r| r.join(",")).collect();
        let text = format!("{header}\r\n{}", body.join("\r\n"));
        match users_csv(&text) {
            Ok((users, skipped)) => {
                // Every record below the header is a user, or skipped and counted.
                let records = parse_csv(&text).map(|r| r.len()).unwrap_or(0);
                prop_assert!(users.len() + skipped.no_pool + skipped.duplicates < records.max(1));
            }
            Err(problems) => prop_assert!(problems.0.iter().all(|p| p.line >= 1 && !p.message.is_empty())),
        }
        let _ = pairs_csv(&text, &["pool-a".to_string()]);
    }
}
