//! `impostor-accounts`: accounts that are not the brand's, whose handle or display name
//! imitates a brand handle or the brand name, and that reply to people.

use std::collections::{BTreeMap, BTreeSet};

use super::lookalike::Name;
use super::{Ctx, NotChecked, Post};
use crate::case::{Finding, Severity};
use crate::config::normalize_handle;
use crate::model::Kind;

/// At most this many impostor handles are named in the title.
const MAX_NAMED: usize = 5;

/// An account that imitates the brand and replied to people.
struct Account<'a> {
    handle: String,
    replies: Vec<Post<'a>>,
    /// Its first post of its own (not a reply, not a repost): an impostor's offer of
    /// "refunds" for card numbers is one, and the finding shows it beside a reply.
    first_own_post: Option<Post<'a>>,
}

pub(super) fn impostor_accounts<'a>(ctx: &Ctx<'a>) -> Result<Vec<Finding>, NotChecked> {
    const ID: &str = "impostor-accounts";
    let config = ctx.config;
    // The brand's own accounts are never impostors.
    let brand_accounts = ctx.brand_account_keys();
    // Each account as the brand's own posts spell it (`SkywaysHelp`), for the report.
    let mut spelled: BTreeMap<String, &str> = BTreeMap::new();
    for account in ctx.brand_posts().filter_map(|p| p.account()) {
        spelled
            .entry(normalize_handle(account))
            .or_insert(account.trim_start_matches('@'));
    }
    // What impostors imitate, with how the report names it: `@handle`, or the brand name.
    let references: Vec<(String, Name)> = brand_accounts
        .iter()
        .map(|h| {
            (
                format!("@{}", spelled.get(h).copied().unwrap_or(h)),
                h.as_str(),
            )
        })
        .chain(config.brand.as_deref().map(|b| (b.to_string(), b)))
        .filter_map(|(shown, name)| Some((shown, Name::new(name)?)))
        .collect();
    if references.is_empty() {
        return Err(ctx.reason("no_references", &[]));
    }
    let accounts = ctx.outside_accounts();
    if accounts.is_empty() {
        return Err(ctx.reason("no_authors", &[]));
    }
    let max_distance = config.thresholds.impostor_max_distance;
    // Comparing every account's names is the costly part: each core takes half the accounts,
    // and the halves are put back in order.
    let judge = |range: std::ops::Range<usize>| {
        range
            .filter_map(|g| {
                let (key, posts) = accounts.get(g);
                lookalike(key, posts, &brand_accounts, &references, max_distance)
            })
            .collect::<Vec<_>>()
    };
    let half = accounts.len() / 2;
    let lookalikes = std::thread::scope(|scope| {
        let second = crate::parallel::spawn_or_run(scope, move || judge(half..accounts.len()));
        let mut lookalikes = judge(0..half);
        lookalikes.extend(second.join());
        lookalikes
    });
    let mut impostors = Vec::new();
    let mut imitated = BTreeSet::new();
    let mut silent_lookalikes = 0;
    for (shown, account) in lookalikes {
        if account.replies.is_empty() {
            silent_lookalikes += 1;
        } else {
            imitated.insert(shown.clone());
            impostors.push(account);
        }
    }
    if impostors.is_empty() {
        return Ok(Vec::new());
    }
    impostors.sort_by(|a, b| {
        b.replies
            .len()
            .cmp(&a.replies.len())
            .then(a.handle.cmp(&b.handle))
    });
    let mut named: Vec<String> = impostors
        .iter()
        .take(MAX_NAMED)
        .map(|a| format!("@{}", a.handle))
        .collect();
    if impostors.len() > MAX_NAMED {
        named.push("…".into());
    }
    let replies: usize = impostors.iter().map(|a| a.replies.len()).sum();
    let mut figures = vec![
        ctx.figure("impostor_accounts", ctx.int(impostors.len() as u64)),
        ctx.figure("impostor_replies", ctx.int(replies as u64)),
        ctx.figure(
            "imitated",
            imitated.into_iter().collect::<Vec<_>>().join(", "),
        ),
    ];
    if silent_lookalikes > 0 {
        figures.push(ctx.figure("silent_lookalikes", ctx.int(silent_lookalikes)));
    }
    // One impostor has a sentence of its own: the plural's verb agrees with the count in
    // Italian, Spanish and Polish.
    let title = ctx.text(
        ID,
        if impostors.len() == 1 {
            "title_one"
        } else {
            "title"
        },
        &[
            (
                "accounts",
                &ctx.count_noun(impostors.len() as u64, "account"),
            ),
            ("handles", &named.join(", ")),
        ],
    );
    // One reply of each impostor, most active first, each followed by its first post of its
    // own (where phishing offers are made).
    let examples = ctx.examples(impostors.iter().flat_map(|a| {
        a.replies
            .first()
            .copied()
            .into_iter()
            .chain(a.first_own_post)
    }));
    Ok(vec![ctx.finding(
        ID,
        Severity::Critical,
        title,
        figures,
        examples,
        ctx.text(ID, "recommendation", &[]),
    )])
}

/// When the account `key` (not the brand's) imitates one of `references`: what it imitates,
/// and the account with its replies to people (none for a silent look-alike).
fn lookalike<'r, 'a>(
    key: &str,
    posts: impl Iterator<Item = Post<'a>> + Clone,
    brand_accounts: &BTreeSet<String>,
    references: &'r [(String, Name)],
    max_distance: usize,
) -> Option<(&'r String, Account<'a>)> {
    if brand_accounts.contains(key) {
        return None;
    }
    // An account the export itself flags as a company's (twcs `inbound=False`) is another
    // company's care account, or the brand's own left out of the handles (the timeline's
    // warning names it): the export's maker saw it post as a company, as no impostor does.
    if posts
        .clone()
        .any(|p| p.mention.row().is_brand == Some(true))
    {
        return None;
    }
    let first = posts.clone().next()?;
    let handle = first
        .account()
        .or(first.mention.author_name())
        .unwrap_or(key);
    let display_names: BTreeSet<&str> = posts
        .clone()
        .filter_map(|p| p.mention.author_name())
        .collect();
    let names: Vec<Name> = std::iter::once(handle)
        .chain(display_names)
        .filter_map(Name::new)
        .collect();
    let (shown, _) = references.iter().find(|(_, reference)| {
        names
            .iter()
            .any(|name| name.imitates(reference, max_distance))
    })?;
    Some((
        shown,
        Account {
            handle: handle.trim_start_matches('@').to_string(),
            replies: posts.clone().filter(|p| p.is_reply()).collect(),
            first_own_post: posts
                .filter(|p| !p.is_reply() && p.mention.kind != Kind::Repost)
                .min_by_key(|p| (p.mention.at_nanos(), p.index())),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::model::Kind;

    fn reply_as(incident: &mut Incident, minute: i64, author: &str, to: usize) -> usize {
        let m = incident.inbound(minute, author, "Send us your card details in DM");
        incident.mentions[m].kind = Kind::Reply;
        incident.mentions[m].parent_id = Some(incident.mentions[to].id.clone());
        m
    }

    /// The impostor's reply, then its first post of its own: where it asks for card numbers.
    #[test]
    fn an_impostors_own_post_is_shown_beside_its_reply() {
        let mut incident = Incident::crisis();
        let complaint = incident.inbound(61, "maria", "Broken guitar @SkywaysHelp");
        let phishing = incident.inbound(62, "SkywaysHe1p", "DM us your card number for a refund");
        let reply = reply_as(&mut incident, 63, "SkywaysHe1p", complaint);
        let found = incident.run(impostor_accounts).unwrap();
        let shown: Vec<&str> = found[0]
            .evidence
            .examples
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        let id = |i: usize| incident.mentions[i].id.as_str();
        assert_eq!(shown, [id(reply), id(phishing)]);
    }

    #[test]
    fn one_impostor_has_a_title_of_its_own() {
        let mut incident = Incident::crisis();
        let complaint = incident.inbound(61, "maria", "Broken guitar @SkywaysHelp");
        reply_as(&mut incident, 63, "SkywaysHe1p", complaint);
        let found = incident.run(impostor_accounts).unwrap();
        assert_eq!(
            found[0].title,
            "An account imitating the brand replied to people: @SkywaysHe1p."
        );
    }

    #[test]
    fn look_alike_accounts_that_reply_are_impostors() {
        let mut incident = Incident::crisis();
        let complaint = incident.inbound(61, "maria", "Broken guitar @SkywaysHelp");
        reply_as(&mut incident, 63, "SkywaysHe1p", complaint);
        reply_as(&mut incident, 64, "SkywaysHe1p", complaint);
        reply_as(&mut incident, 65, "Skyways_Support", complaint);
        // Imitates the brand but never replies: counted, not accused.
        incident.inbound(66, "SkywaysCare", "Skyways fan page");
        // A real customer replying.
        reply_as(&mut incident, 67, "paolo", complaint);
        let found = incident.run(impostor_accounts).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Critical);
        assert_eq!(
            found[0].title,
            "2 accounts imitating the brand replied to people: @SkywaysHe1p, @Skyways_Support."
        );
        let figures = figure_values(&found[0]);
        assert_eq!(figures, ["2", "3", "@skywayshelp", "1"]);
        let ids = example_ids(&found[0]);
        assert_eq!(ids, ["m1", "m3"]);
        // Once the brand has posted, its account is named as it spells it.
        incident.brand_post(70, "We are looking into it");
        let found = incident.run(impostor_accounts).unwrap();
        assert_eq!(figure_values(&found[0])[2], "@SkywaysHelp");
    }

    /// In an export of several companies, an account the export flags as a company's own is
    /// none of the brand's impostors, however close its name: `--brand Spotify` is not
    /// imitated by @SpotifyCares, the care account the export flags.
    #[test]
    fn an_account_the_export_flags_as_a_companys_is_no_impostor() {
        let mut incident = Incident::crisis();
        let complaint = incident.inbound(61, "maria", "Broken guitar @SkywaysHelp");
        let flagged = reply_as(&mut incident, 63, "SkywaysHe1p", complaint);
        incident.mentions[flagged].is_brand = Some(true);
        assert_eq!(incident.run(impostor_accounts).unwrap(), Vec::new());
        // Unflagged, the same reply is an impostor's.
        incident.mentions[flagged].is_brand = None;
        assert_eq!(incident.run(impostor_accounts).unwrap().len(), 1);
    }

    #[test]
    fn a_display_name_can_imitate_the_brand_name() {
        let mut incident = Incident::crisis();
        let complaint = incident.inbound(61, "maria", "Broken guitar");
        let fake = reply_as(&mut incident, 62, "xk_2931", complaint);
        incident.mentions[fake].author_name = Some("Skyways Customer Care".into());
        let found = incident.run(impostor_accounts).unwrap();
        assert!(found[0].title.contains("@xk_2931"), "{}", found[0].title);
    }

    #[test]
    fn brand_accounts_are_never_impostors() {
        let mut incident = Incident::crisis();
        let complaint = incident.inbound(61, "maria", "Broken guitar");
        // A second brand account the export flags (not configured) and the configured handle
        // on another platform.
        let other = incident.brand_reply(62, complaint, "We are sorry");
        incident.mentions[other].author = Some("SkywaysHelp_IT".into());
        let elsewhere = reply_as(&mut incident, 63, "skywayshelp", complaint);
        incident.mentions[elsewhere].platform = Some("facebook".into());
        reply_as(&mut incident, 64, "maria", complaint);
        assert_eq!(incident.run(impostor_accounts).unwrap(), Vec::new());
    }

    #[test]
    fn impostors_need_brand_handles_and_authors() {
        let mut incident = Incident::crisis();
        incident.config.brand_handles.clear();
        incident.config.brand = None;
        let complaint = incident.inbound(61, "maria", "Broken guitar");
        reply_as(&mut incident, 63, "SkywaysHe1p", complaint);
        let reason = incident.run(impostor_accounts).unwrap_err();
        assert!(
            reason.contains("no brand handles are configured"),
            "{reason}"
        );

        let mut anonymous = Incident::crisis();
        let m = anonymous.inbound(61, "x", "Broken guitar");
        anonymous.mentions[m].author = None;
        let reason = anonymous.run(impostor_accounts).unwrap_err();
        assert!(reason.contains("no author"), "{reason}");
    }
}
