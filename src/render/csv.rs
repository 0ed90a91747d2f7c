//! The step table ([`StepTable`]) as CSV: the header row, then one record per row.
//!
//! UTF-8 with a byte-order mark: Excel takes a CSV without one for the local ANSI code page
//! (GBK on Chinese Windows) and shows the Chinese garbled; with the BOM it opens it directly,
//! and LibreOffice and most CSV readers skip the mark. Fields are quoted where needed by the
//! `csv` crate; a cell's paragraphs stay one field with line breaks inside (Excel shows them
//! as wrapped lines in the cell). Only the table is written, so the file imports as one clean
//! table; the flow-level 依据/备注/编制单位 are in the HTML and SVG pages.

use crate::model::table::StepTable;

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The CSV bytes of a table (BOM first, CRLF line ends as RFC 4180 has them).
pub fn to_csv(table: &StepTable) -> Vec<u8> {
    let mut out = BOM.to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        // Writing into a Vec cannot fail.
        writer
            .write_record(&table.headers)
            .expect("writing to memory");
        for row in &table.rows {
            writer.write_record(&row.cells).expect("writing to memory");
        }
        writer.flush().expect("writing to memory");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::table::{Row, StepTable};

    #[test]
    fn bom_header_and_quoted_fields_read_back() {
        let table = StepTable {
            title: "T".into(),
            code: None,
            headers: vec!["编号".into(), "环节".into()],
            rows: vec![Row {
                name: "a".into(),
                cells: vec!["A1".into(), "规则：x，\"y\"\n标准：z".into()],
            }],
            basis: vec![],
            remarks: vec![],
            unit: None,
            version: None,
            date: None,
            not_validated: false,
        };
        let bytes = to_csv(&table);
        assert!(bytes.starts_with(BOM));
        let mut reader = csv::Reader::from_reader(&bytes[BOM.len()..]);
        assert_eq!(reader.headers().unwrap(), vec!["编号", "环节"]);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(&rows[0][1], "规则：x，\"y\"\n标准：z");
    }
}
