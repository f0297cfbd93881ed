//! Findings: checks the brand's handling against the crisis-response playbook, with evidence.

use crate::analysis::Analysis;
use crate::case::{Finding, RuleStatus};
use crate::config::Config;
use crate::model::Mention;

/// Runs every rule. Findings come back ordered by severity then id, in `config.report_language`.
pub fn evaluate(
    mentions: &[Mention],
    analysis: &Analysis,
    config: &Config,
) -> (Vec<Finding>, Vec<RuleStatus>) {
    let _ = (mentions, analysis, config);
    todo!("findings helper")
}
