//! Segmentation cases written by the team, by category, in English and Italian
//! (`tests/data/segmentation_cases.tsv`): every case must give exactly its sentences. The test
//! prints the pass count of each category.

use std::collections::BTreeMap;

use artnorm::segment::segment;

const CASES: &str = include_str!("data/segmentation_cases.tsv");

#[test]
fn every_category_passes() {
    let mut tally: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for line in CASES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 4, "malformed case: {line:?}");
        let (category, lang) = (fields[0], fields[1]);
        let input = fields[2].replace("\\n", "\n");
        let expected: Vec<String> = fields[3]
            .split(" || ")
            .map(|s| s.replace("\\n", "\n"))
            .collect();
        let got: Vec<String> = segment(&input, lang)
            .into_iter()
            .map(str::to_owned)
            .collect();
        let entry = tally.entry((category, lang)).or_default();
        entry.1 += 1;
        if got == expected {
            entry.0 += 1;
        } else {
            failures.push(format!(
                "{category} ({lang}): {input:?}\n  got      {got:?}\n  expected {expected:?}"
            ));
        }
    }
    for ((category, lang), (passed, total)) in &tally {
        println!("{category:<14} {lang}  {passed}/{total}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
