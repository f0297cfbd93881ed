//! How fast and how fully the brand answered: `slow-first-response`, `unanswered-mentions`,
//! `unanswered-high-reach`, `response-degraded-at-peak`.

use super::{median, seconds_between, Ctx, NotChecked, Post, MAX_EXAMPLES};
use crate::analysis::stats::TopK;
use crate::case::{Finding, Severity};
use crate::metrics::Phase;
use crate::model::Sentiment;

/// A first response later than this many times the target is critical, not just late.
const CRITICAL_DELAY_FACTOR: i64 = 3;

/// Fewest answered mentions before the peak, and fewest actionable ones at the peak, for a
/// comparison of the two to mean anything.
const MIN_PHASE_SAMPLE: usize = 3;

/// Below this median response time before the peak, the peak is compared with one minute, so
/// that a handful of instant replies does not make any ordinary delay look like a collapse.
const MEDIAN_FLOOR_SECONDS: f64 = 60.0;

fn earliest<'a>(posts: impl Iterator<Item = Post<'a>>) -> Option<Post<'a>> {
    posts.min_by_key(|p| (p.mention.at_nanos(), p.index()))
}

pub(super) fn slow_first_response(ctx: &Ctx) -> Result<Vec<Finding>, NotChecked> {
    const ID: &str = "slow-first-response";
    ctx.require_brand_posts()?;
    let onset = ctx
        .metrics
        .timeline
        .onset
        .ok_or_else(|| ctx.reason("no_onset", &[]))?;
    let target = ctx.config.thresholds.first_response_target_seconds;
    let target_text = ctx.duration(target);
    let first_post = earliest(ctx.brand_posts().filter(|p| p.at() >= onset));
    let response = ctx.first_response(onset);
    // What people were posting while the brand had not yet said anything.
    let silent_until = response.map(|p| p.at());
    let waiting = ctx.top_by_reach(
        ctx.posts()
            .filter(|p| p.note.actionable() && p.at() >= onset)
            .filter(|p| silent_until.is_none_or(|until| p.at() < until)),
        MAX_EXAMPLES,
    );
    let mut figures = vec![ctx.figure("onset", ctx.datetime(onset))];
    let unprompted_first = first_post.filter(|p| Some(p.at()) != silent_until);
    let Some(response) = response else {
        // In an export of several companies, the last of the brand's conversations.
        let last = ctx
            .posts()
            .filter(|p| p.note.in_brand_conversations())
            .map(|p| p.at())
            .max()
            .unwrap_or(onset);
        figures.push(ctx.figure("last_mention", ctx.datetime(last)));
        if let Some(post) = unprompted_first {
            figures.push(ctx.figure("first_brand_post", ctx.datetime(post.at())));
        }
        figures.push(ctx.figure("target", target_text.clone()));
        let span = ctx.duration(seconds_between(onset, last));
        return Ok(vec![ctx.finding(
            ID,
            Severity::Critical,
            ctx.text(ID, "title_never", &[("span", &span)]),
            figures,
            ctx.examples(waiting),
            ctx.text(ID, "recommendation", &[("target", &target_text)]),
        )]);
    };
    let delay = seconds_between(onset, response.at());
    // To the second when rounding would show the target itself.
    let delay_text = ctx.t.duration_against(delay as f64, target as f64);
    figures.push(ctx.figure("first_response", ctx.datetime(response.at())));
    if let Some(post) = unprompted_first.filter(|p| p.at() < response.at()) {
        figures.push(ctx.figure("first_brand_post", ctx.datetime(post.at())));
    }
    figures.push(ctx.figure("delay", delay_text.clone()));
    figures.push(ctx.figure("target", target_text.clone()));
    let args = [
        ("delay", delay_text.as_str()),
        ("target", target_text.as_str()),
    ];
    let examples = ctx.examples(std::iter::once(response).chain(waiting.into_iter().take(2)));
    if delay <= target {
        return Ok(vec![ctx.good(
            ID,
            ctx.text(ID, "good_title", &args),
            figures,
            examples,
        )]);
    }
    // The onset is the start of an interval, which can come long before the rise's first post
    // (a day's interval starts at midnight). With intervals longer than the target, when the
    // response came within the target of the interval's first public post
    // (`first_response_after_first_post_seconds`, which analysis measures), the data cannot
    // tell whether it was late. With shorter ones, or without a public post in that interval,
    // the onset is the measure, as defined.
    let timeline = &ctx.metrics.timeline;
    let from_first = ctx.metrics.first_response_from_first_post(target);
    if let Some(from_first) = from_first.filter(|s| *s <= target) {
        let from_first_text = ctx.t.duration_against(from_first as f64, target as f64);
        figures.push(ctx.figure("from_first_post", from_first_text.clone()));
        let bucket = ctx.duration(timeline.bucket_seconds);
        return Ok(vec![ctx.finding(
            ID,
            Severity::Info,
            ctx.text(
                ID,
                "title_unsure",
                &[
                    ("delay", &delay_text),
                    ("bucket", &bucket),
                    ("from_first", &from_first_text),
                    ("target", &target_text),
                ],
            ),
            figures,
            examples,
            ctx.text(ID, "unsure_recommendation", &[("target", &target_text)]),
        )]);
    }
    let severity = if delay > CRITICAL_DELAY_FACTOR * target {
        Severity::Critical
    } else {
        Severity::Warning
    };
    Ok(vec![ctx.finding(
        ID,
        severity,
        ctx.text(ID, "title", &args),
        figures,
        examples,
        ctx.text(ID, "recommendation", &[("target", &target_text)]),
    )])
}

fn is_negative(post: &Post) -> bool {
    post.note.sentiment() == Some(Sentiment::Negative)
}

pub(super) fn unanswered_mentions(ctx: &Ctx) -> Result<Vec<Finding>, NotChecked> {
    const ID: &str = "unanswered-mentions";
    ctx.require_answer_matching()?;
    // Counted in one pass, with the few examples each list may give: a crisis has hundreds
    // of thousands of actionable mentions.
    let actionable = || ctx.posts().filter(|p| p.note.actionable());
    let answered = |p: &Post| p.note.response_seconds().is_some();
    let (mut total, mut unanswered, mut negative, mut negative_unanswered) = (0, 0, 0, 0);
    for p in actionable() {
        total += 1;
        unanswered += usize::from(!answered(&p));
        negative += usize::from(is_negative(&p));
        negative_unanswered += usize::from(is_negative(&p) && !answered(&p));
    }
    if total == 0 {
        return Err(ctx.reason("no_actionable", &[]));
    }
    let share = unanswered as f64 / total as f64;
    let negative_share = (negative > 0).then(|| negative_unanswered as f64 / negative as f64);
    let thresholds = &ctx.config.thresholds;
    let level = |share: f64| {
        if share >= thresholds.unanswered_critical_share {
            Some(Severity::Critical)
        } else if share >= thresholds.unanswered_warning_share {
            Some(Severity::Warning)
        } else {
            None
        }
    };
    // Critical sorts first: the worse of the two levels.
    let severity = level(share)
        .into_iter()
        .chain(negative_share.and_then(level))
        .min();

    let mut figures = vec![
        ctx.figure("actionable", ctx.int(total as u64)),
        ctx.figure("answered", ctx.int((total - unanswered) as u64)),
        ctx.figure("unanswered_share", ctx.pct(share)),
    ];
    if let Some(negative_share) = negative_share {
        figures.push(ctx.figure("negative_actionable", ctx.int(negative as u64)));
        figures.push(ctx.figure("negative_unanswered_share", ctx.pct(negative_share)));
    }
    figures.push(ctx.figure("brand_replies", ctx.int(ctx.brand_replies().len() as u64)));
    let mentions = ctx.count_noun(total as u64, "mention");
    let count = ctx.int(total as u64);

    let Some(severity) = severity else {
        let answered_share = ctx.pct(1.0 - share);
        let title = ctx.text(
            ID,
            "good_title",
            &[
                ("share", &answered_share),
                ("mentions", &mentions),
                ("count", &count),
            ],
        );
        // Mentions of the incident, answered, show the practice best: those posted from the
        // onset on, else any (equal reach, as when no export gives one, had put the earliest
        // first).
        let onset = ctx.metrics.timeline.onset;
        let during = |p: &Post| onset.is_some_and(|onset| p.at() >= onset);
        let mut shown = ctx.top_by_reach(
            actionable().filter(|p| answered(p) && during(p)),
            MAX_EXAMPLES,
        );
        if shown.is_empty() {
            shown = ctx.top_by_reach(actionable().filter(answered), MAX_EXAMPLES);
        }
        let examples = ctx.examples(shown);
        return Ok(vec![ctx.good(ID, title, figures, examples)]);
    };
    let share_text = ctx.pct(share);
    let title = match negative_share {
        Some(negative_share) => ctx.text(
            ID,
            "title_negative",
            &[
                ("share", &share_text),
                ("mentions", &mentions),
                ("count", &count),
                ("negative_share", &ctx.pct(negative_share)),
            ],
        ),
        None => ctx.text(
            ID,
            "title",
            &[
                ("share", &share_text),
                ("mentions", &mentions),
                ("count", &count),
            ],
        ),
    };
    // Negative ones first, then by reach: the complaints most worth an answer.
    let unanswered = || actionable().filter(|p| !answered(p));
    let examples = ctx
        .top_by_reach(unanswered().filter(is_negative), MAX_EXAMPLES)
        .into_iter()
        .chain(ctx.top_by_reach(unanswered().filter(|p| !is_negative(p)), MAX_EXAMPLES));
    Ok(vec![ctx.finding(
        ID,
        severity,
        title,
        figures,
        ctx.examples(examples),
        ctx.text(ID, "recommendation", &[]),
    )])
}

pub(super) fn unanswered_high_reach(ctx: &Ctx) -> Result<Vec<Finding>, NotChecked> {
    const ID: &str = "unanswered-high-reach";
    ctx.require_answer_matching()?;
    let actionable = || ctx.posts().filter(|p| p.note.actionable());
    if actionable().next().is_none() {
        return Err(ctx.reason("no_actionable", &[]));
    }
    let with_reach = || actionable().filter(|p| p.reach().is_some());
    if with_reach().next().is_none() {
        return Err(ctx.reason("no_reach", &[]));
    }
    let top = ctx.top_by_reach(with_reach(), ctx.config.thresholds.top_unanswered.max(1));
    let unanswered: Vec<Post> = top
        .iter()
        .copied()
        .filter(|p| p.note.response_seconds().is_none())
        .collect();
    let unanswered_reach: u64 = unanswered.iter().filter_map(|p| p.reach().get()).sum();
    let mut figures = vec![
        ctx.figure("top_checked", ctx.int(top.len() as u64)),
        ctx.figure("top_unanswered", ctx.int(unanswered.len() as u64)),
    ];
    if unanswered.is_empty() {
        let title = ctx.text(ID, "good_title", &[("count", &ctx.int(top.len() as u64))]);
        let examples = ctx.examples(top);
        return Ok(vec![ctx.good(ID, title, figures, examples)]);
    }
    figures.push(ctx.figure("unanswered_reach", ctx.int(unanswered_reach)));
    let severity = if 2 * unanswered.len() > top.len() {
        Severity::Critical
    } else {
        Severity::Warning
    };
    let title = ctx.text(
        ID,
        "title",
        &[
            ("unanswered", &ctx.int(unanswered.len() as u64)),
            ("top", &ctx.int(top.len() as u64)),
            ("reach", &ctx.int(unanswered_reach)),
        ],
    );
    Ok(vec![ctx.finding(
        ID,
        severity,
        title,
        figures,
        ctx.examples(unanswered),
        ctx.text(ID, "recommendation", &[]),
    )])
}

pub(super) fn response_degraded_at_peak(ctx: &Ctx) -> Result<Vec<Finding>, NotChecked> {
    const ID: &str = "response-degraded-at-peak";
    ctx.require_answer_matching()?;
    let timeline = &ctx.metrics.timeline;
    if timeline.onset.is_none() {
        return Err(ctx.reason("no_onset", &[]));
    }
    if timeline.peak.is_none() {
        return Err(ctx.reason("no_peak", &[]));
    }
    // One pass counts the actionable posts before and at the peak and keeps their response
    // times, and the peak's worst examples: its unanswered mentions with the most reach, then
    // its slowest answers (lists of the posts would hold a million in a large incident).
    let worst_first = |a: &Post, b: &Post| {
        let key = |p: &Post| {
            (
                p.note.response_seconds().is_some(),
                std::cmp::Reverse(p.note.response_seconds()),
                std::cmp::Reverse(p.reach().get()),
                p.at(),
                p.index(),
            )
        };
        key(a).cmp(&key(b))
    };
    let mut worst = TopK::new(MAX_EXAMPLES);
    let (mut before_count, mut peak_count) = (0usize, 0usize);
    let (mut before_times, mut peak_times) = (Vec::new(), Vec::new());
    for post in ctx.posts().filter(|p| p.note.actionable()) {
        let seconds = post.note.response_seconds().map(f64::from);
        match post.note.phase() {
            Phase::Before | Phase::Escalation => {
                before_count += 1;
                before_times.extend(seconds);
            }
            Phase::Peak => {
                peak_count += 1;
                peak_times.extend(seconds);
                worst.push(post, worst_first);
            }
            Phase::Decay | Phase::After => {}
        }
    }
    let min = ctx.int(MIN_PHASE_SAMPLE as u64);
    if before_times.len() < MIN_PHASE_SAMPLE {
        let count = ctx.int(before_times.len() as u64);
        return Err(ctx.reason("few_answered_before", &[("count", &count), ("min", &min)]));
    }
    if peak_count < MIN_PHASE_SAMPLE {
        let count = ctx.int(peak_count as u64);
        return Err(ctx.reason("few_at_peak", &[("count", &count), ("min", &min)]));
    }
    let rate_before = before_times.len() as f64 / before_count as f64;
    let rate_peak = peak_times.len() as f64 / peak_count as f64;
    let (answered_peak, median_before, median_peak) = (
        peak_times.len(),
        median(before_times).unwrap_or(0.0),
        median(peak_times),
    );
    let factor = ctx.config.thresholds.degraded_factor;
    // The peak's median is judged, as the earlier one is, from at least 3 answers: one slow
    // reply among hundreds unanswered is not a response time.
    let median_peak = median_peak.filter(|_| answered_peak >= MIN_PHASE_SAMPLE);
    let slower = median_peak.is_some_and(|m| m > factor * median_before.max(MEDIAN_FLOOR_SECONDS));
    let fewer = rate_peak * factor <= rate_before;

    let before_time = ctx.duration(median_before.round() as i64);
    let peak_time = median_peak.map(|m| ctx.duration(m.round() as i64));
    let (before_rate, peak_rate) = (ctx.pct(rate_before), ctx.pct(rate_peak));
    let mut figures = vec![ctx.figure("median_before", before_time.clone())];
    if let Some(peak_time) = &peak_time {
        figures.push(ctx.figure("median_peak", peak_time.clone()));
    }
    figures.push(ctx.figure("rate_before", before_rate.clone()));
    figures.push(ctx.figure("rate_peak", peak_rate.clone()));
    figures.push(ctx.figure("actionable_peak", ctx.int(peak_count as u64)));
    figures.push(ctx.figure("answered_peak", ctx.int(answered_peak as u64)));
    let peak_time = peak_time.unwrap_or_default();
    let args = [
        ("before_time", before_time.as_str()),
        ("peak_time", peak_time.as_str()),
        ("before_rate", before_rate.as_str()),
        ("peak_rate", peak_rate.as_str()),
    ];
    let (severity, title_key) = match (slower, fewer) {
        (true, true) => (Severity::Critical, "title_both"),
        (true, false) => (Severity::Warning, "title_slower"),
        (false, true) => (Severity::Warning, "title_fewer"),
        (false, false) => {
            let held_up =
                median_peak.is_some_and(|m| m <= median_before) && rate_peak >= rate_before;
            if !held_up {
                return Ok(Vec::new());
            }
            let title = ctx.text(ID, "good_title", &args);
            return Ok(vec![ctx.good(ID, title, figures, Vec::new())]);
        }
    };
    Ok(vec![ctx.finding(
        ID,
        severity,
        ctx.text(ID, title_key, &args),
        figures,
        ctx.examples(worst.finish(worst_first)),
        ctx.text(ID, "recommendation", &[]),
    )])
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::GOOD_RESPONSE;
    use super::*;

    // ---- slow-first-response

    #[test]
    fn late_first_response_is_a_warning_with_the_delay_in_the_title() {
        let mut incident = Incident::crisis();
        let complaint = incident.inbound(62, "maria", "My guitar arrived broken");
        incident.reach(complaint, 5000);
        incident.brand_reply(60 + 150, complaint, "We're sorry, please DM us");
        let found = incident.run(slow_first_response).unwrap();
        assert_eq!(found.len(), 1);
        let f = &found[0];
        assert_eq!(
            (f.id.as_str(), f.severity),
            ("slow-first-response", Severity::Warning)
        );
        assert_eq!(
            f.title,
            "The brand’s first public response came 2\u{a0}h 30\u{a0}min after the onset, \
             beyond the 1\u{a0}h target."
        );
        assert_eq!(
            f.evidence.examples[0].id, "m1",
            "the response itself comes first"
        );
        assert_eq!(
            f.evidence.examples[1].id, "m0",
            "then what people said meanwhile"
        );
    }

    /// A reply just after the onset to a compliment from before it is routine care, not the
    /// first response, however it is worded (the onset, 60, is a bucket's start).
    #[test]
    fn a_reply_to_a_mention_from_before_the_onset_is_not_the_first_response() {
        let mut incident = Incident::crisis();
        let compliment = incident.inbound(51, "dan", "Lovely crew today!");
        incident.brand_reply(
            61,
            compliment,
            "Thanks for the kind words, sorry for the wait",
        );
        let complaint = incident.inbound(70, "maria", "My guitar arrived broken");
        incident.brand_reply(60 + 150, complaint, "We're sorry, please DM us");
        let found = incident.run(slow_first_response).unwrap();
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(
            found[0].title.contains("2\u{a0}h 30\u{a0}min"),
            "{}",
            found[0].title
        );
    }

    /// 1 h 0 min 20 s is beyond a 1 h target, and rounded to "1 h" the title would contradict
    /// itself.
    #[test]
    fn a_first_response_just_past_the_target_is_worded_to_the_second() {
        let mut incident = Incident::crisis();
        let complaint = incident.inbound(62, "maria", "My guitar arrived broken");
        let reply = incident.brand_reply(60 + 60, complaint, "We're sorry, please DM us");
        incident.mentions[reply].timestamp += jiff::SignedDuration::from_secs(20);
        let found = incident.run(slow_first_response).unwrap();
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(
            found[0].title,
            "The brand’s first public response came 1\u{a0}h 00\u{a0}min 20\u{a0}s after the \
             onset, beyond the 1\u{a0}h target."
        );
    }

    /// With day-long intervals the onset is midnight: a reply 5 min after the rise's first
    /// public post at 11:00 is 10 h 05 min after the onset, and whether it met the 1 h target
    /// the data cannot tell. One 2 h after that post was late whatever the interval.
    #[test]
    fn with_intervals_longer_than_the_target_a_response_near_the_first_post_is_unsure() {
        let day_long = |reply_minute: i64| {
            let mut incident = Incident::crisis();
            incident.metrics.timeline.bucket_seconds = 86_400;
            let complaint = incident.inbound(660, "maria", "My guitar arrived broken");
            incident.brand_reply(reply_minute, complaint, "We're sorry, please DM us");
            // As analysis measures it (`analysis::tests`): the complaint at 11:00 is the
            // interval's first public post.
            incident
                .metrics
                .response
                .first_response_after_first_post_seconds = Some((reply_minute - 660) * 60);
            incident.run(slow_first_response).unwrap()
        };
        let found = day_long(665);
        assert_eq!(found[0].severity, Severity::Info);
        assert_eq!(
            found[0].title,
            "The brand’s first public response came 10\u{a0}h 05\u{a0}min after the onset, which \
             is the start of a 1\u{a0}d interval, and 5\u{a0}min after that interval’s first \
             public post: at this interval size the data cannot tell whether it met the 1\u{a0}h \
             target."
        );
        let figure = |label: &str| {
            found[0]
                .evidence
                .figures
                .iter()
                .find(|f| f.label == label)
                .map(|f| f.value.clone())
        };
        assert_eq!(
            figure("Time from the onset interval’s first public post").as_deref(),
            Some("5\u{a0}min")
        );
        assert!(found[0].recommendation.contains("--bucket"));
        let found = day_long(660 + 120);
        assert_eq!(found[0].severity, Severity::Critical, "{}", found[0].title);
        assert_eq!(
            found[0].title,
            "The brand’s first public response came 12\u{a0}h after the onset, beyond the \
             1\u{a0}h target."
        );
    }

    /// The onset stays the measure with intervals no longer than the target, and when the
    /// onset's interval holds no public post (the brand's own posts crossed the threshold), so
    /// that analysis gives no time from one: a public post of a later interval is not where
    /// the rise began.
    #[test]
    fn the_onset_stays_the_measure_with_short_intervals_or_no_public_post_in_its_interval() {
        let with = |bucket_seconds: i64, complaint_minute: i64| {
            let mut incident = Incident::crisis();
            incident.metrics.timeline.bucket_seconds = bucket_seconds;
            let complaint = incident.inbound(complaint_minute, "maria", "My guitar broke");
            incident.brand_reply(complaint_minute + 5, complaint, "We're sorry, please DM us");
            // As analysis measures it: 5 min after the complaint when the complaint is in the
            // onset's interval (which starts at minute 60).
            let in_onset_interval = complaint_minute < 60 + bucket_seconds / 60;
            incident
                .metrics
                .response
                .first_response_after_first_post_seconds = in_onset_interval.then_some(5 * 60);
            incident.run(slow_first_response).unwrap()
        };
        // A 1 h interval, the 1 h target: 1 h 04 min after the onset is late, though 5 min
        // after the interval's first post.
        let found = with(3_600, 119);
        assert_eq!(found[0].severity, Severity::Warning, "{}", found[0].title);
        // 2 h intervals from minute 60: the complaint at 190 is in the next one.
        let found = with(7_200, 190);
        assert_eq!(found[0].severity, Severity::Warning, "{}", found[0].title);
        assert!(found[0]
            .title
            .contains("2\u{a0}h 15\u{a0}min after the onset, beyond"));
        // Within the onset's interval it is unsure.
        assert_eq!(with(7_200, 170)[0].severity, Severity::Info);
    }

    #[test]
    fn very_late_or_missing_first_response_is_critical() {
        let mut incident = Incident::crisis();
        let complaint = incident.inbound(62, "maria", "My guitar arrived broken");
        incident.brand_reply(60 + 181, complaint, "Sorry!");
        let found = incident.run(slow_first_response).unwrap();
        assert_eq!(
            found[0].severity,
            Severity::Critical,
            "3 h 01 min > 3 × 1 h"
        );
        // Exactly three times the target is still a warning.
        let mut incident = Incident::crisis();
        let complaint = incident.inbound(62, "maria", "My guitar arrived broken");
        incident.brand_reply(60 + 180, complaint, "Sorry!");
        let found = incident.run(slow_first_response).unwrap();
        assert_eq!(found[0].severity, Severity::Warning, "3 h = 3 × 1 h");

        let mut silent = Incident::crisis();
        silent.brand_post(30, "Good morning from Skyways!");
        silent.inbound(62, "maria", "My guitar arrived broken");
        silent.inbound(400, "paolo", "Still nothing from Skyways?");
        let found = silent.run(slow_first_response).unwrap();
        assert_eq!(found[0].severity, Severity::Critical);
        assert!(
            found[0].title.contains("5\u{a0}h 40\u{a0}min"),
            "{}",
            found[0].title
        );
        // Another company's conversation later in an export of several does not lengthen the
        // brand's silence.
        let elsewhere = silent.inbound(900, "zed", "@RivalCare where is my order?");
        silent.brand_conversations =
            Some((0..silent.mentions.len()).map(|i| i != elsewhere).collect());
        let found = silent.run(slow_first_response).unwrap();
        assert!(
            found[0].title.contains("5\u{a0}h 40\u{a0}min"),
            "{}",
            found[0].title
        );
    }

    /// A brand post continuing its own promotion ("(2/2) Book now", its parent the brand's
    /// post) answers no one: it is not the first response either.
    #[test]
    fn continuing_the_brands_own_thread_is_not_a_response() {
        let mut incident = Incident::crisis();
        let complaint = incident.inbound(62, "maria", "My guitar arrived broken");
        let promo = incident.brand_post(80, "(1/2) Spring fares are here");
        incident.brand_reply(81, promo, "(2/2) Book now at skyways.example");
        incident.brand_reply(200, complaint, "Please DM us your booking code");
        let found = incident.run(slow_first_response).unwrap();
        assert!(
            found[0].title.contains("2\u{a0}h 20\u{a0}min"),
            "{}",
            found[0].title
        );
    }

    /// Customer care often answers in two posts, the second replying to the first: that second
    /// part belongs to the reply, so it is not counted as the brand's own content.
    #[test]
    fn the_second_part_of_a_reply_is_part_of_the_reply() {
        let mut incident = Incident::crisis();
        let complaint = incident.inbound(62, "maria", "My guitar arrived broken");
        let first = incident.brand_reply(70, complaint, "Please send us your booking code");
        let second = incident.brand_reply(71, first, "and the tag number on the case");
        let promo = incident.brand_post(80, "(1/2) Spring fares are here");
        let promo_2 = incident.brand_reply(81, promo, "(2/2) Book now at skyways.example");
        let analysis = incident.analysis();
        let stored = incident.stored();
        let ctx = Ctx::new(&stored, &analysis, &incident.config);
        let is_response = |i: usize| ctx.is_brand_response(&ctx.post(i).unwrap());
        assert!(is_response(first) && is_response(second));
        assert!(!is_response(promo) && !is_response(promo_2));
    }

    #[test]
    fn scheduled_content_is_not_a_response() {
        let mut incident = Incident::crisis();
        let complaint = incident.inbound(62, "maria", "My guitar arrived broken");
        incident.brand_post(65, "Fly to Lisbon from 29 € this weekend!");
        incident.brand_reply(200, complaint, "So sorry, we are on it");
        let found = incident.run(slow_first_response).unwrap();
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(
            found[0].title.contains("2\u{a0}h 20\u{a0}min"),
            "{}",
            found[0].title
        );
        let labels: Vec<_> = found[0]
            .evidence
            .figures
            .iter()
            .map(|f| f.label.as_str())
            .collect();
        assert!(
            labels.contains(&"First brand post from the onset (not a response to the incident)"),
            "{labels:?}"
        );
    }

    #[test]
    fn a_response_within_the_target_is_good() {
        let mut incident = Incident::crisis();
        incident.config.thresholds.first_response_target_seconds = 1800;
        incident.inbound(61, "maria", "My guitar arrived broken");
        incident.brand_post(
            90,
            "We are aware of the issue with flight SK123 and investigating.",
        );
        let found = incident.run(slow_first_response).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].id.as_str(), found[0].severity),
            (GOOD_RESPONSE, Severity::Good)
        );
        assert!(found[0].title.contains("30\u{a0}min"), "{}", found[0].title);
    }

    #[test]
    fn first_response_is_not_checked_without_brand_posts_or_onset() {
        let mut incident = Incident::crisis();
        incident.inbound(61, "maria", "My guitar arrived broken");
        let reason = incident.run(slow_first_response).unwrap_err();
        assert!(reason.starts_with("no brand posts were found"), "{reason}");

        let mut quiet = Incident::new();
        quiet.brand_post(10, "Hello");
        let reason = quiet.run(slow_first_response).unwrap_err();
        assert!(reason.contains("no onset"), "{reason}");
    }

    // ---- unanswered-mentions

    /// `answered` of `total` customers answered; the first `negative` are negative.
    fn queue(total: usize, answered: usize, negative: usize) -> Incident {
        let mut incident = Incident::crisis();
        for i in 0..total {
            let m = incident.inbound(61 + i as i64, &format!("user{i}"), "Where is my bag?");
            if i < negative {
                incident.negative(m);
            }
        }
        for i in 0..answered {
            incident.brand_reply(200 + i as i64, total - 1 - i, "Thanks, looking into it");
        }
        incident
    }

    #[test]
    fn unanswered_share_sets_the_severity() {
        // 10 actionable, 3 answered: 70 % unanswered ≥ 50 % → critical.
        let found = queue(10, 3, 0).run(unanswered_mentions).unwrap();
        assert_eq!(found[0].severity, Severity::Critical);
        assert_eq!(
            found[0].title,
            "70% of the 10 mentions that called for an answer were never answered."
        );
        // 10 actionable, 7 answered: 30 % → warning.
        let found = queue(10, 7, 0).run(unanswered_mentions).unwrap();
        assert_eq!(found[0].severity, Severity::Warning);
        // The shares are reached, not exceeded: exactly 50 % is critical, exactly 20 % a
        // warning, and just under 20 % (1 of 6, 16.7 %) good.
        let found = queue(10, 5, 0).run(unanswered_mentions).unwrap();
        assert_eq!(found[0].severity, Severity::Critical, "5 of 10");
        let found = queue(10, 8, 0).run(unanswered_mentions).unwrap();
        assert_eq!(found[0].severity, Severity::Warning, "2 of 10");
        let found = queue(6, 5, 0).run(unanswered_mentions).unwrap();
        assert_eq!(found[0].severity, Severity::Good, "1 of 6");
    }

    #[test]
    fn unanswered_negative_mentions_raise_the_severity() {
        // 9 of 10 answered overall (10 % unanswered), but the only unanswered one is
        // negative: 1 of 2 negative left (50 %) → critical.
        let found = queue(10, 9, 2).run(unanswered_mentions).unwrap();
        assert_eq!(found[0].severity, Severity::Critical);
        assert_eq!(
            found[0].title,
            "10% of the 10 mentions that called for an answer were never answered \
             (50% of the negative ones)."
        );
        assert_eq!(found[0].evidence.examples[0].id, "m0");
    }

    #[test]
    fn answering_nearly_everyone_is_good() {
        let found = queue(10, 9, 0).run(unanswered_mentions).unwrap();
        assert_eq!(
            (found[0].id.as_str(), found[0].severity),
            (GOOD_RESPONSE, Severity::Good)
        );
        assert_eq!(
            found[0].title,
            "The brand answered 90% of the 10 mentions that called for an answer."
        );
        // Illustrated by answers during the incident: an answered post from before the onset,
        // the earliest of all (and reach equal), is none of them.
        let mut incident = queue(10, 9, 0);
        let early = incident.inbound(5, "early", "Lost my bag last week");
        incident.brand_reply(6, early, "Thanks, looking into it");
        let found = incident.run(unanswered_mentions).unwrap();
        let shown = example_ids(&found[0]);
        assert_eq!(shown.len(), 3);
        assert!(!shown.contains(&format!("m{early}").as_str()), "{shown:?}");
    }

    #[test]
    fn unanswered_needs_brand_posts_linkage_and_matched_replies() {
        let reason = queue(5, 0, 0).run(unanswered_mentions).unwrap_err();
        assert!(reason.starts_with("no brand posts were found"), "{reason}");

        let mut unlinked = queue(5, 2, 0);
        unlinked.metrics.response.linkage = "none".into();
        let reason = unlinked.run(unanswered_mentions).unwrap_err();
        assert!(reason.contains("reply or thread ids"), "{reason}");

        // Brand replies whose parents are not in the export.
        let mut orphan = queue(5, 0, 0);
        let reply = orphan.brand_post(200, "@someone sorry about that");
        orphan.mentions[reply].parent_id = Some("elsewhere".into());
        let reason = orphan.run(unanswered_mentions).unwrap_err();
        assert!(reason.contains("none of the brand’s 1 reply"), "{reason}");
        // A quote of a post outside the export is a brand reply too, as the metrics count it.
        let quote = orphan.brand_post(210, "This is not what happened");
        orphan.mentions[quote].kind = crate::model::Kind::Quote;
        orphan.mentions[quote].parent_id = Some("elsewhere-2".into());
        let reason = orphan.run(unanswered_mentions).unwrap_err();
        assert!(reason.contains("none of the brand’s 2 replies"), "{reason}");

        let mut only_brand = Incident::crisis();
        only_brand.brand_post(70, "Statement on flight SK123");
        let reason = only_brand.run(unanswered_mentions).unwrap_err();
        assert!(
            reason.contains("no mention called for an answer"),
            "{reason}"
        );
    }

    // ---- unanswered-high-reach

    #[test]
    fn unanswered_high_reach_mentions_are_listed_by_reach() {
        let mut incident = queue(12, 0, 0);
        incident.config.thresholds.top_unanswered = 4;
        for i in 0..12 {
            incident.reach(i, 1000 * (i as u64 + 1));
        }
        // Answer the two largest (m11, m10); m9 and m8 stay unanswered.
        incident.brand_reply(300, 11, "Thanks");
        incident.brand_reply(301, 10, "Thanks");
        let found = incident.run(unanswered_high_reach).unwrap();
        assert_eq!(
            found[0].severity,
            Severity::Warning,
            "2 of 4 is not more than half"
        );
        assert_eq!(
            found[0].title,
            "Left unanswered: 2 of the 4 highest-reach mentions that called for an answer, \
             with a combined reach of 19,000."
        );
        let ids = example_ids(&found[0]);
        assert_eq!(ids, ["m9", "m8"]);
        // One answer fewer: 3 of 4 unanswered is more than half, critical.
        let mut incident = queue(12, 0, 0);
        incident.config.thresholds.top_unanswered = 4;
        for i in 0..12 {
            incident.reach(i, 1000 * (i as u64 + 1));
        }
        incident.brand_reply(300, 11, "Thanks");
        let found = incident.run(unanswered_high_reach).unwrap();
        assert_eq!(found[0].severity, Severity::Critical, "3 of 4");
        assert_eq!(
            found[0].title,
            "Left unanswered: 3 of the 4 highest-reach mentions that called for an answer, \
             with a combined reach of 30,000."
        );
    }

    #[test]
    fn answering_every_high_reach_mention_is_good_and_no_reach_is_not_checked() {
        let mut incident = queue(3, 0, 0);
        incident.reach(0, 10);
        incident.reach(1, 20);
        incident.brand_reply(300, 0, "Thanks");
        incident.brand_reply(300, 1, "Thanks");
        let found = incident.run(unanswered_high_reach).unwrap();
        assert_eq!(
            (found[0].id.as_str(), found[0].severity),
            (GOOD_RESPONSE, Severity::Good)
        );

        let reason = queue(3, 1, 0).run(unanswered_high_reach).unwrap_err();
        assert!(
            reason.contains("neither reach nor follower counts"),
            "{reason}"
        );
    }

    // ---- response-degraded-at-peak

    /// Customers before the peak (minutes 61..) answered after `before_delay` minutes, and at
    /// the peak (minutes 121..) after `peak_delay` minutes (`None` = unanswered).
    fn phases(before: &[Option<i64>], peak: &[Option<i64>]) -> Incident {
        let mut incident = Incident::crisis();
        for (start, delays) in [(61, before), (121, peak)] {
            for (i, delay) in delays.iter().enumerate() {
                let minute = start + i as i64;
                let m = incident.inbound(minute, &format!("user{minute}"), "Help!");
                if let Some(delay) = delay {
                    incident.brand_reply(minute + delay, m, "Thanks for telling us");
                }
            }
        }
        incident
    }

    #[test]
    fn slower_answers_at_the_peak_are_a_warning() {
        // Before: 10, 12, 14 min → median 12 min; peak: 30, 40, 50 min → median 40 min > 2 × 12.
        let incident = phases(
            &[Some(10), Some(12), Some(14)],
            &[Some(30), Some(40), Some(50)],
        );
        let found = incident.run(response_degraded_at_peak).unwrap();
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(
            found[0].title,
            "At the peak the median response time rose to 40\u{a0}min from 12\u{a0}min before it."
        );
    }

    /// The factor must be exceeded for time and reached for the rate; a median under a minute
    /// counts as one, so seconds-fast answers do not make every delay a degradation.
    #[test]
    fn degradation_boundaries() {
        let run = |before: &[Option<i64>], peak: &[Option<i64>]| {
            phases(before, peak).run(response_degraded_at_peak).unwrap()
        };
        let quick = [Some(10), Some(12), Some(14)];
        // Median 24 min = exactly 2 × 12: not slower; all answered: nothing to report.
        assert_eq!(run(&quick, &[Some(20), Some(24), Some(28)]), Vec::new());
        // Half as many answered (2 of 4 against all): exactly 2 × fewer, a warning.
        let found = run(&quick, &[Some(10), Some(10), None, None]);
        assert_eq!(found[0].severity, Severity::Warning);
        // Answers within seconds before: the floor of 1 min makes 2 min not slower, 3 min so.
        let instant = [Some(0), Some(0), Some(0)];
        assert_eq!(run(&instant, &[Some(2), Some(2), Some(2)]), Vec::new());
        let found = run(&instant, &[Some(3), Some(3), Some(3)]);
        assert_eq!(found[0].severity, Severity::Warning);
    }

    #[test]
    fn slower_and_fewer_answers_at_the_peak_are_critical() {
        // Peak: three of seven answered (43 % vs 100 %), after 60 min (vs a 12 min median).
        let incident = phases(
            &[Some(10), Some(12), Some(14)],
            &[Some(60), Some(60), Some(60), None, None, None, None],
        );
        let found = incident.run(response_degraded_at_peak).unwrap();
        assert_eq!(found[0].severity, Severity::Critical);
        assert!(
            found[0]
                .title
                .contains("rose to 1\u{a0}h from 12\u{a0}min, and the share of mentions answered fell to 43% from 100%"),
            "{}",
            found[0].title
        );
        assert_eq!(
            found[0].evidence.examples[0].id, "m12",
            "an unanswered peak mention first"
        );
        // One answer at the peak is no median: a single 60-minute reply among four is fewer
        // answers (25 %), not slower ones.
        let one = phases(
            &[Some(10), Some(12), Some(14)],
            &[Some(60), None, None, None],
        );
        let found = one.run(response_degraded_at_peak).unwrap();
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(
            found[0]
                .title
                .starts_with("At the peak the brand answered 25%"),
            "{}",
            found[0].title
        );
        // Two answers are no median either: 2 of 6 (33 %) is fewer, not slower.
        let two = phases(
            &[Some(10), Some(12), Some(14)],
            &[Some(60), Some(60), None, None, None, None],
        );
        let found = two.run(response_degraded_at_peak).unwrap();
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(
            found[0]
                .title
                .starts_with("At the peak the brand answered 33%"),
            "{}",
            found[0].title
        );
    }

    #[test]
    fn fewer_answers_at_the_peak_alone_are_a_warning() {
        // Peak: 1 of 4 answered, after 10 min: not slower, but 25 % against 100 %.
        let incident = phases(
            &[Some(10), Some(12), Some(14)],
            &[Some(10), None, None, None],
        );
        let found = incident.run(response_degraded_at_peak).unwrap();
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(
            found[0].title,
            "At the peak the brand answered 25% of the mentions that called for an answer, \
             against 100% before it."
        );
    }

    #[test]
    fn a_response_that_holds_up_is_good_and_a_mild_slowdown_says_nothing() {
        let steady = phases(
            &[Some(10), Some(12), Some(14)],
            &[Some(9), Some(12), Some(13)],
        );
        let found = steady.run(response_degraded_at_peak).unwrap();
        assert_eq!(found[0].severity, Severity::Good);
        let mild = phases(
            &[Some(10), Some(12), Some(14)],
            &[Some(15), Some(18), Some(20)],
        );
        assert_eq!(mild.run(response_degraded_at_peak).unwrap(), Vec::new());
    }

    #[test]
    fn too_few_answers_before_the_peak_is_not_checked() {
        let incident = phases(&[Some(10), None, None], &[Some(30), Some(40), Some(50)]);
        let reason = incident.run(response_degraded_at_peak).unwrap_err();
        assert!(
            reason.contains("mentions answered before the peak: 1"),
            "{reason}"
        );
        let mut no_peak = phases(
            &[Some(10), Some(12), Some(14)],
            &[Some(30), Some(40), Some(50)],
        );
        no_peak.metrics.timeline.peak = None;
        assert!(no_peak
            .run(response_degraded_at_peak)
            .unwrap_err()
            .contains("no peak"));
    }
}
