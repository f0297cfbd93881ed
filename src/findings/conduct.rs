//! How the brand behaved while answering: `posts-during-crisis`, `offline-handoff`,
//! `apology-and-thanks`.

use super::{Ctx, NotChecked, Post};
use crate::analysis::wording::Signals;
use crate::case::{Finding, Severity};
use crate::metrics::Phase;
use crate::model::{Kind, Sentiment};

/// Fewest brand replies on which the share of hand-offs or of thanks and apologies is judged
/// (below it the figures are reported as information only).
const MIN_REPLIES: usize = 5;

/// A share of replies sending people to a private channel from which little help is visible
/// in public.
const HANDOFF_MOSTLY: f64 = 0.9;

/// Below this share of replies that thank or apologise: a warning; from the good share on: good.
const ACKNOWLEDGE_WARNING: f64 = 0.2;
const ACKNOWLEDGE_GOOD: f64 = 0.5;

pub(super) fn posts_during_crisis(ctx: &Ctx) -> Result<Vec<Finding>, NotChecked> {
    const ID: &str = "posts-during-crisis";
    ctx.require_brand_posts()?;
    let timeline = &ctx.metrics.timeline;
    if timeline.onset.is_none() {
        return Err(ctx.reason("no_onset", &[]));
    }
    if timeline.peak.is_none() {
        return Err(ctx.reason("no_peak", &[]));
    }
    // A rise whose first interval is already in the peak phase (more than half the highest)
    // has no escalation phase; the title then names the peak alone.
    let escalated = timeline.phases.iter().any(|s| s.phase == Phase::Escalation);
    let (title_key, good_title_key) = if !escalated {
        ("title_peak", "good_title_peak")
    } else {
        ("title", "good_title")
    };
    let mut during: Vec<Post> = ctx
        .brand_posts()
        .filter(|p| matches!(p.note.phase(), Phase::Escalation | Phase::Peak))
        .filter(|p| p.mention.kind != Kind::Repost)
        .collect();
    during.sort_by_key(|p| (p.mention.at_nanos(), p.index()));
    let (responses, own): (Vec<Post>, Vec<Post>) =
        during.into_iter().partition(|p| ctx.is_brand_response(p));
    if own.is_empty() {
        if responses.is_empty() {
            // The brand was silent: `slow-first-response` says so.
            return Ok(Vec::new());
        }
        let count = ctx.int(responses.len() as u64);
        let title = ctx.text(ID, good_title_key, &[("count", &count)]);
        let figures = vec![ctx.figure("crisis_responses", count)];
        return Ok(vec![ctx.good(ID, title, figures, Vec::new())]);
    }
    let at_peak = own.iter().filter(|p| p.note.phase() == Phase::Peak).count();
    // Responses that answer no one are the brand's statements (and their continuations).
    let statements = responses.iter().filter(|p| !ctx.answers_someone(p)).count();
    let severity = if at_peak > 0 {
        Severity::Critical
    } else {
        Severity::Warning
    };
    let figures = vec![
        ctx.figure("own_posts", ctx.int(own.len() as u64)),
        ctx.figure("own_posts_at_peak", ctx.int(at_peak as u64)),
        ctx.figure("statements", ctx.int(statements as u64)),
        ctx.figure("first_own_post", ctx.datetime(own[0].at())),
    ];
    let title = ctx.text(
        ID,
        title_key,
        &[
            ("posts", &ctx.count_noun(own.len() as u64, "post")),
            ("count", &ctx.int(own.len() as u64)),
        ],
    );
    Ok(vec![ctx.finding(
        ID,
        severity,
        title,
        figures,
        ctx.examples(own),
        ctx.text(ID, "recommendation", &[]),
    )])
}

/// The brand's replies with what their wording shows, in time order.
fn replies_with_signals<'a>(ctx: &Ctx<'a>) -> Result<Vec<(Post<'a>, Signals)>, NotChecked> {
    ctx.require_brand_posts()?;
    let mut replies = ctx.brand_replies();
    if replies.is_empty() {
        return Err(ctx.reason("no_brand_replies", &[]));
    }
    replies.sort_by_key(|p| (p.mention.at_nanos(), p.index()));
    Ok(replies.into_iter().map(|p| (p, ctx.signals(&p))).collect())
}

pub(super) fn offline_handoff(ctx: &Ctx) -> Result<Vec<Finding>, NotChecked> {
    const ID: &str = "offline-handoff";
    let replies = replies_with_signals(ctx)?;
    let (handoffs, others): (Vec<_>, Vec<_>) = replies.iter().partition(|(_, s)| s.handoff);
    let share = handoffs.len() as f64 / replies.len() as f64;
    let figures = vec![
        ctx.figure("brand_replies", ctx.int(replies.len() as u64)),
        ctx.figure("handoff_replies", ctx.int(handoffs.len() as u64)),
        ctx.figure("handoff_share", ctx.pct(share)),
    ];
    let share_text = ctx.pct(share);
    let args = [
        ("share", share_text.as_str()),
        ("replies", &ctx.count_noun(replies.len() as u64, "reply")),
        ("count", &ctx.int(replies.len() as u64)),
        ("handoffs", &ctx.int(handoffs.len() as u64)),
    ];
    let posts = |list: &[&(Post, Signals)]| ctx.examples(list.iter().map(|(p, _)| *p));
    let finding = |severity, title_key, recommendation_key, examples| {
        ctx.finding(
            ID,
            severity,
            ctx.text(ID, title_key, &args),
            figures.clone(),
            examples,
            ctx.text(ID, recommendation_key, &[]),
        )
    };
    Ok(vec![if replies.len() < MIN_REPLIES {
        finding(Severity::Info, "title", "recommendation", posts(&handoffs))
    } else if handoffs.is_empty() {
        finding(
            Severity::Warning,
            "title_none",
            "recommendation",
            posts(&others),
        )
    } else if share >= HANDOFF_MOSTLY {
        finding(
            Severity::Info,
            "title_mostly",
            "recommendation_mostly",
            posts(&handoffs),
        )
    } else {
        ctx.good(
            ID,
            ctx.text(ID, "good_title", &args),
            figures.clone(),
            posts(&handoffs),
        )
    }])
}

pub(super) fn apology_and_thanks(ctx: &Ctx) -> Result<Vec<Finding>, NotChecked> {
    const ID: &str = "apology-and-thanks";
    let replies = replies_with_signals(ctx)?;
    let share_of = |test: fn(&Signals) -> bool, list: &[&(Post, Signals)]| {
        list.iter().filter(|(_, s)| test(s)).count() as f64 / list.len() as f64
    };
    let all: Vec<&(Post, Signals)> = replies.iter().collect();
    let to_negative: Vec<&(Post, Signals)> = replies
        .iter()
        .filter(|(p, _)| {
            p.note
                .replies_to()
                .get()
                .and_then(|i| ctx.note(i))
                .is_some_and(|n| n.sentiment() == Some(Sentiment::Negative))
        })
        .collect();
    let acknowledges = |s: &Signals| s.thanks || s.apology;
    let share = share_of(acknowledges, &all);
    let mut figures = vec![
        ctx.figure("brand_replies", ctx.int(replies.len() as u64)),
        ctx.figure("thanks_share", ctx.pct(share_of(|s| s.thanks, &all))),
        ctx.figure("apology_share", ctx.pct(share_of(|s| s.apology, &all))),
    ];
    if !to_negative.is_empty() {
        figures.push(ctx.figure("replies_to_negative", ctx.int(to_negative.len() as u64)));
        let apologised = share_of(|s| s.apology, &to_negative);
        figures.push(ctx.figure("apology_negative_share", ctx.pct(apologised)));
    }
    let share_text = ctx.pct(share);
    let args = [
        ("share", share_text.as_str()),
        ("replies", &ctx.count_noun(replies.len() as u64, "reply")),
        ("count", &ctx.int(replies.len() as u64)),
    ];
    // Examples: answers to complaints first, those that do (good) or do not (otherwise)
    // thank or apologise.
    let pick = |wanted: bool| {
        let mut chosen: Vec<Post> = to_negative
            .iter()
            .chain(&all)
            .filter(|(_, s)| acknowledges(s) == wanted)
            .map(|(p, _)| *p)
            .collect();
        let mut seen = std::collections::BTreeSet::new();
        chosen.retain(|p| seen.insert(p.index()));
        ctx.examples(chosen)
    };
    let judged = replies.len() >= MIN_REPLIES;
    if judged && share >= ACKNOWLEDGE_GOOD {
        let title = ctx.text(ID, "good_title", &args);
        let mut good = ctx.good(ID, title, figures, pick(true));
        good.evidence.examples_label = Some(ctx.text(ID, "good_examples", &[]));
        return Ok(vec![good]);
    }
    let severity = if judged && share < ACKNOWLEDGE_WARNING {
        Severity::Warning
    } else {
        Severity::Info
    };
    let mut finding = ctx.finding(
        ID,
        severity,
        ctx.text(ID, "title", &args),
        figures,
        pick(false),
        ctx.text(ID, "recommendation", &[]),
    );
    finding.evidence.examples_label = Some(ctx.text(ID, "examples", &[]));
    Ok(vec![finding])
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::GOOD_RESPONSE;
    use super::*;

    // ---- posts-during-crisis

    #[test]
    fn promotion_at_the_peak_is_critical_and_statements_do_not_count() {
        let mut incident = Incident::crisis();
        incident.brand_post(30, "Good morning! #FlyHappy"); // before the onset: fine
        incident.brand_post(70, "Statement: we are aware of the issue with SK123.");
        incident.brand_post(90, "Fly to Lisbon from 29 €!");
        incident.brand_post(130, "Summer sale, book now");
        let found = incident.run(posts_during_crisis).unwrap();
        assert_eq!(found[0].severity, Severity::Critical);
        assert_eq!(
            found[0].title,
            "During the escalation and peak the brand published 2 posts that replied to no one, \
             probably scheduled content."
        );
        let ids = example_ids(&found[0]);
        assert_eq!(ids, ["m2", "m3"]);
        assert_eq!(
            found[0].evidence.figures[2].value, "1",
            "one statement set aside"
        );
        // Statements are the responses that answer no one: an apology to a customer is a
        // reply, and the second part of a statement is part of the statement (the second part
        // of a reply, part of the reply).
        let customer = incident.inbound(75, "maria", "Where is my guitar?");
        incident.brand_reply(80, customer, "We are so sorry, please DM us");
        let statement = incident.brand_post(100, "Statement on SK123 (1/2)");
        incident.brand_reply(101, statement, "(2/2) We will update here hourly.");
        let reply = incident.brand_reply(110, customer, "Your case number is 1234");
        incident.brand_reply(111, reply, "and our team will call you today");
        let found = incident.run(posts_during_crisis).unwrap();
        assert_eq!(found[0].evidence.figures[2].value, "3", "m1, m6 and m7");
    }

    #[test]
    fn promotion_during_escalation_only_is_a_warning() {
        let mut incident = Incident::crisis();
        incident.brand_post(90, "Fly to Lisbon from 29 €!");
        incident.brand_post(200, "Summer sale, book now"); // decay: not counted
        let found = incident.run(posts_during_crisis).unwrap();
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(found[0].title.contains("1 post that"), "{}", found[0].title);
    }

    #[test]
    fn only_replies_and_statements_during_the_crisis_is_good() {
        let mut incident = Incident::crisis();
        let m = incident.inbound(65, "maria", "Broken guitar");
        incident.brand_reply(70, m, "So sorry, DM us");
        incident.brand_post(80, "Update on flight SK123");
        let found = incident.run(posts_during_crisis).unwrap();
        assert_eq!(
            (found[0].id.as_str(), found[0].severity),
            (GOOD_RESPONSE, Severity::Good)
        );

        let mut silent = Incident::crisis();
        silent.brand_post(20, "Good morning!");
        assert_eq!(silent.run(posts_during_crisis).unwrap(), Vec::new());
    }

    #[test]
    fn a_rise_without_an_escalation_phase_is_worded_for_the_peak_alone() {
        let mut incident = Incident::sudden_crisis();
        incident.brand_post(130, "Summer sale, book now");
        incident.brand_post(150, "Fly to Lisbon from 29 €!");
        let found = incident.run(posts_during_crisis).unwrap();
        assert_eq!(found[0].severity, Severity::Critical);
        assert_eq!(
            found[0].title,
            "At the peak the brand published 2 posts that replied to no one, probably \
             scheduled content."
        );

        let mut good = Incident::sudden_crisis();
        let m = good.inbound(125, "maria", "Broken guitar");
        good.brand_reply(130, m, "So sorry, DM us");
        let found = good.run(posts_during_crisis).unwrap();
        assert_eq!(
            found[0].title,
            "At the peak the brand published only replies and statements (1), no content of \
             its own."
        );
    }

    #[test]
    fn posts_during_crisis_needs_brand_posts_and_a_peak() {
        let mut incident = Incident::crisis();
        incident.inbound(65, "maria", "Broken guitar");
        assert!(incident
            .run(posts_during_crisis)
            .unwrap_err()
            .starts_with("no brand posts"));
        let mut calm = Incident::new();
        calm.brand_post(20, "Fly to Lisbon");
        assert!(calm
            .run(posts_during_crisis)
            .unwrap_err()
            .contains("no onset"));
    }

    // ---- offline-handoff and apology-and-thanks

    /// Customers complaining (negative) and the brand answering each with one of `answers`.
    fn answered_with(answers: &[&str]) -> Incident {
        let mut incident = Incident::crisis();
        for (i, answer) in answers.iter().enumerate() {
            let m = incident.inbound(61 + i as i64, &format!("user{i}"), "This is a disgrace");
            incident.negative(m);
            incident.brand_reply(100 + i as i64, m, answer);
        }
        incident
    }

    #[test]
    fn no_handoff_in_five_replies_is_a_warning() {
        let incident = answered_with(&["We are on it"; 5]);
        let found = incident.run(offline_handoff).unwrap();
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(
            found[0].title,
            "None of the brand’s 5 replies moved the conversation to a private channel \
             (direct message, e-mail, phone)."
        );
    }

    #[test]
    fn some_handoff_is_good_and_only_handoff_is_information() {
        let some = answered_with(&[
            "Please DM us",
            "We are on it",
            "Call us on 0800",
            "OK",
            "Noted",
        ]);
        let found = some.run(offline_handoff).unwrap();
        assert_eq!(
            (found[0].id.as_str(), found[0].severity),
            (GOOD_RESPONSE, Severity::Good)
        );
        assert_eq!(
            found[0].title,
            "40% of the brand’s 5 replies moved the individual case to a private channel."
        );
        let all = answered_with(&["DM us"; 5]);
        let found = all.run(offline_handoff).unwrap();
        assert_eq!(
            (found[0].id.as_str(), found[0].severity),
            ("offline-handoff", Severity::Info)
        );
        assert!(
            found[0].title.starts_with("100% of the brand’s 5 replies"),
            "{}",
            found[0].title
        );
        // 90 % is reached, not exceeded: 9 of 10 is information, 8 of 9 (88.9 %) good.
        let mut nine = vec!["DM us"; 9];
        nine.push("On it");
        let found = answered_with(&nine).run(offline_handoff).unwrap();
        assert_eq!(found[0].severity, Severity::Info, "9 of 10");
        let mut eight = vec!["DM us"; 8];
        eight.push("On it");
        let found = answered_with(&eight).run(offline_handoff).unwrap();
        assert_eq!(found[0].severity, Severity::Good, "8 of 9");
    }

    #[test]
    fn few_replies_are_reported_not_judged_and_none_are_not_checked() {
        let few = answered_with(&["On it", "On it"]);
        let found = few.run(offline_handoff).unwrap();
        assert_eq!(found[0].severity, Severity::Info);
        let mut statements_only = Incident::crisis();
        statements_only.brand_post(70, "Statement on SK123");
        let reason = statements_only.run(offline_handoff).unwrap_err();
        assert!(reason.contains("no replies"), "{reason}");
        let reason = statements_only.run(apology_and_thanks).unwrap_err();
        assert!(reason.contains("no replies"), "{reason}");
        let reason = Incident::crisis().run(apology_and_thanks).unwrap_err();
        assert!(reason.starts_with("no brand posts"), "{reason}");
        assert!(Incident::crisis()
            .run(offline_handoff)
            .unwrap_err()
            .starts_with("no brand posts"));
    }

    #[test]
    fn thanks_and_apologies_are_counted_in_four_languages() {
        let incident = answered_with(&[
            "Thank you for letting us know",
            "Ci scusiamo per il disagio",
            "Lo sentimos mucho",
            "Dziękujemy za cierpliwość",
            "Your bag is in Rome",
        ]);
        let found = incident.run(apology_and_thanks).unwrap();
        assert_eq!(
            (found[0].id.as_str(), found[0].severity),
            (GOOD_RESPONSE, Severity::Good)
        );
        assert_eq!(
            found[0].title,
            "80% of the brand’s 5 replies thanked the person or apologised."
        );
        assert_eq!(
            found[0].evidence.examples_label.as_deref(),
            Some("Replies that thank or apologise")
        );
        let figures = figure_values(&found[0]);
        // replies, thanks 2/5, apologies 2/5, replies to negative mentions, apologised 2/5.
        assert_eq!(figures, ["5", "40%", "40%", "5", "40%"]);
    }

    #[test]
    fn cold_replies_are_a_warning_from_below_a_fifth() {
        // 1 of 6 (17 %) thanked or apologised: below 20 % → warning.
        let cold = [
            "Check the website",
            "Read our terms",
            "No",
            "See FAQ",
            "Sorry",
            "Bye",
        ];
        let found = answered_with(&cold).run(apology_and_thanks).unwrap();
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(
            found[0].title,
            "17% of the brand’s 6 replies thanked the person or apologised."
        );
        // 1 of 5 (20 %) is not below 20 %: information.
        let found = answered_with(&cold[..5]).run(apology_and_thanks).unwrap();
        assert_eq!(found[0].severity, Severity::Info);
        assert_eq!(
            found[0].evidence.examples[0].id, "m1",
            "the first reply, which did neither"
        );
        // The examples are labelled as what they are: not the share the title gives.
        assert_eq!(
            found[0].evidence.examples_label.as_deref(),
            Some("Replies that neither thank nor apologise")
        );
    }
}
