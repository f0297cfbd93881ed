//! What people write: templates per role and language, varied with openers, hashtags and emoji.
//!
//! A text is a pure function of its [`TextSpec`], so a repost can rebuild the text of the post it
//! reposts without the simulator keeping any text in memory.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::{Language, Sentiment};

use super::accounts::{AccountRef, Directory};

/// Why a post was written; decides its template, sentiment and how far it spreads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Routine mentions before and beside the incident.
    RoutineComplaint,
    RoutinePraise,
    RoutineQuestion,
    /// The musician's video.
    Trigger,
    Outrage,
    Support,
    Joke,
    News,
    /// `#FlyHappy` turned against the brand after the promo.
    Hijack,
    /// Replies to the brand's own posts and replies.
    AngryAtBrand,
    /// Replies in someone else's thread.
    ThreadReply,
    CeoReaction,
    /// The musician's song, which re-ignites the story.
    Song,
    SongReaction,
    ImpostorCallout,
    /// Brand posts.
    BrandCare,
    BrandThanks,
    BrandPromo,
    /// The promo scheduled weeks before, published at the peak.
    ScheduledPromo,
    FirstResponse,
    CeoStatement,
    /// The impostor's posts.
    ImpostorRude,
    ImpostorPhish,
}

impl Role {
    /// The sentiment a listening tool would most likely assign.
    pub fn sentiment(self) -> Sentiment {
        match self {
            Role::RoutinePraise
            | Role::Support
            | Role::SongReaction
            | Role::BrandThanks
            | Role::BrandPromo
            | Role::ScheduledPromo => Sentiment::Positive,
            Role::RoutineQuestion
            | Role::News
            | Role::Joke
            | Role::BrandCare
            | Role::FirstResponse
            | Role::CeoStatement
            | Role::ImpostorPhish
            | Role::ThreadReply => Sentiment::Neutral,
            Role::RoutineComplaint
            | Role::Trigger
            | Role::Outrage
            | Role::Hijack
            | Role::AngryAtBrand
            | Role::CeoReaction
            | Role::Song
            | Role::ImpostorCallout
            | Role::ImpostorRude => Sentiment::Negative,
        }
    }
}

/// Hashtags a post carries beyond its template, decided when the post is created.
pub mod tags {
    pub const MAIN: u8 = 1;
    pub const FLY_HAPPY: u8 = 2;
    pub const GUITAR_GATE: u8 = 4;
    pub const BOYCOTT: u8 = 8;
}

pub const MAIN_TAG: &str = "#SkywaysBrokeMyGuitar";
pub const CAMPAIGN_TAG: &str = "#FlyHappy";

/// Everything needed to (re)build a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextSpec {
    pub role: Role,
    pub lang: Language,
    pub seed: u64,
    /// For replies: the account replied to, written as a leading `@handle`.
    pub reply_to: Option<AccountRef>,
    /// Bits from [`tags`].
    pub tags: u8,
}

impl TextSpec {
    /// The sentiment label, with some of the noise of a real classifier; not on the posts the
    /// whole story is reposted from (the video, the song), whose one label thousands of reposts
    /// share: a neutral trigger turned the simulated crisis into no visible crisis at all.
    pub fn sentiment(&self) -> Sentiment {
        if self.seed % 7 == 0 && !matches!(self.role, Role::Trigger | Role::Song) {
            Sentiment::Neutral
        } else {
            self.role.sentiment()
        }
    }
}

pub fn compose(spec: &TextSpec, directory: &Directory) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let mut body = String::with_capacity(200);
    // People's angry posts sometimes open with an exclamation; the video, the song and the
    // impostor's posts are written as they are.
    let opens = spec.role.sentiment() == Sentiment::Negative
        && !matches!(
            spec.role,
            Role::Trigger | Role::Song | Role::ImpostorRude | Role::ImpostorPhish
        );
    let mut continues = false;
    if opens && rng.random_bool(0.3) {
        let openers = openers(spec.lang);
        let opener = openers[rng.random_range(0..openers.len())];
        body.push_str(opener);
        body.push(' ');
        // "Honestly," and "So" run on into the sentence; "Wow." ends its own.
        continues = !opener.ends_with(['.', '?', '!']);
    }
    let choices = templates(spec.role, spec.lang);
    let template = choices[rng.random_range(0..choices.len())];
    let start = body.len();
    fill(&mut body, template);
    // "Honestly, crying…", not "Honestly, Crying…".
    if continues {
        let first = body[start..].chars().next().filter(|c| c.is_uppercase());
        if let Some(c) = first {
            let lower: String = c.to_lowercase().collect();
            body.replace_range(start..start + c.len_utf8(), &lower);
        }
    }
    // A reply starts with the handle it answers, unless the sentence already starts with it.
    let mut text = String::with_capacity(body.len() + 20);
    if let Some(to) = spec.reply_to {
        let handle = directory.handle(to);
        let already = body
            .strip_prefix('@')
            .and_then(|rest| rest.strip_prefix(handle.as_ref()))
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'));
        if !already {
            text.push('@');
            text.push_str(&handle);
            text.push(' ');
        }
    }
    text.push_str(&body);
    for (bit, tag) in [
        (tags::MAIN, MAIN_TAG),
        (tags::FLY_HAPPY, CAMPAIGN_TAG),
        (tags::GUITAR_GATE, "#GuitarGate"),
        (tags::BOYCOTT, boycott_tag(spec.lang)),
    ] {
        if spec.tags & bit != 0 && !text.contains(tag) {
            text.push(' ');
            text.push_str(tag);
        }
    }
    let emoji = emoji(spec.role);
    if !emoji.is_empty() && rng.random_bool(0.3) {
        text.push(' ');
        text.push_str(emoji[rng.random_range(0..emoji.len())]);
    }
    text
}

fn fill(out: &mut String, template: &str) {
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let key = &rest[start + 1..start + len];
        out.push_str(match key {
            "brand" => "@SkywaysAir",
            "help" => "@SkywaysHelp",
            "musician" => "@mira_strings",
            "impostor" => "@SkywaysHe1p",
            "tag" => MAIN_TAG,
            "campaign" => CAMPAIGN_TAG,
            "video" => "https://t.co/m1RaV1d3o0",
            "song" => "https://t.co/s0ngP4rt2x",
            "statement" => "https://t.co/Ce0St4tEmt",
            "promo" => "https://t.co/Spr1ngS4le",
            "phish" => "https://t.co/r3fUnd5Fa5t",
            // Left as written, so a test notices the typo.
            _ => &rest[start..start + len + 1],
        });
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
}

fn boycott_tag(lang: Language) -> &'static str {
    match lang {
        Language::En => "#BoycottSkyways",
        Language::It => "#BoicottaSkyways",
        Language::Es => "#BoicotSkyways",
        Language::Pl => "#BojkotSkyways",
    }
}

fn emoji(role: Role) -> &'static [&'static str] {
    match role {
        Role::Outrage | Role::AngryAtBrand | Role::Hijack | Role::RoutineComplaint => {
            &["😡", "🤬", "👎", "🙄", "😤"]
        }
        Role::Joke | Role::SongReaction => &["😂", "💀", "🤣", "🎸"],
        Role::Support => &["❤️", "🎸", "🙏", "💪"],
        Role::RoutinePraise => &["✈️", "😊", "👏"],
        _ => &[],
    }
}

fn openers(lang: Language) -> &'static [&'static str] {
    match lang {
        Language::En => &[
            "Wow.",
            "Unbelievable.",
            "Honestly,",
            "Just saw this.",
            "Seriously?",
            "So",
        ],
        Language::It => &[
            "Incredibile.",
            "Ma davvero?",
            "Vergogna.",
            "Ho appena visto il video.",
            "Assurdo.",
        ],
        Language::Es => &[
            "Increíble.",
            "¿En serio?",
            "Qué vergüenza.",
            "Acabo de ver el vídeo.",
            "Vaya.",
        ],
        Language::Pl => &[
            "Serio?",
            "Niewiarygodne.",
            "Wstyd.",
            "Właśnie to zobaczyłam.",
            "No cóż.",
        ],
    }
}

fn templates(role: Role, lang: Language) -> &'static [&'static str] {
    use Language::*;
    use Role::*;
    match (role, lang) {
        (Trigger, _) => &["I watched from the window while {brand} baggage handlers threw my guitar across the tarmac. It arrived in pieces.\n\nThree days of calls, emails and forms. Nobody cares. So I made a video. {tag} {video}"],
        (Song, _) => &["You broke my guitar, so I wrote a song about it. \"Skyways Broke My Guitar (Part 2)\" is out now 🎸\n\nStill waiting for my guitar, {brand}. {tag} {song}"],
        (CeoStatement, It) => &["Dichiarazione della nostra CEO, Laura Conti: \"Abbiamo deluso {musician} e tutti i nostri clienti. Sostituiremo la sua chitarra e stiamo rivedendo come trattiamo gli strumenti musicali. Ci scusiamo.\" {statement}"],
        (CeoStatement, _) => &["A statement from our CEO, Laura Conti:\n\n\"We let {musician} down, and we let our customers down. We are replacing her guitar, we are reviewing how we handle musical instruments, and we are sorry.\" {statement}"],
        (FirstResponse, _) => &["Hi Mira, we're sorry to hear about your guitar. Please send us a DM with your booking reference and we'll look into it."],
        (ScheduledPromo, It) => &["La primavera è arrivata ✈️ Fino al 20% di sconto su 40 destinazioni, solo questo weekend. {campaign} {promo}"],
        (ScheduledPromo, _) => &["Spring is here ✈️ Up to 20% off flights to 40 cities, this weekend only. Book now and {campaign}! {promo}"],
        (BrandPromo, It) => &["Buongiorno da Roma! Dove volate questa settimana? {campaign}", "Nuova rotta Roma–Cracovia dal 1° aprile ✈️ {campaign} {promo}"],
        (BrandPromo, _) => &["Good morning from Rome! Where are you flying this week? {campaign}", "New route: Rome to Kraków from 1 April ✈️ {campaign} {promo}", "Window or aisle? Tell us below 👇 {campaign}"],
        (ImpostorPhish, _) => &["Skyways Help Team here. Affected by baggage damage this week? DM us your booking reference and card number for a fast refund {phish}"],
        (ImpostorRude, _) => &[
            "Maybe pack your toys better next time.",
            "Not our problem. Read the terms and conditions.",
            "Crying on the internet won't fix your guitar 🤷",
            "We don't respond to drama. Next.",
            "Buy a cheaper guitar then.",
        ],
        (BrandCare, En) => &[
            "Hi, we're sorry to hear this. Please send us a DM with your booking reference and we'll look into it.",
            "We understand your frustration and we apologise. Could you DM us the details so we can help?",
            "Thanks for reaching out. Please DM us your booking reference and our team will check.",
            "We're sorry for this experience. Our team is reviewing the case, please DM us.",
            "Thank you for your patience. We're replying as fast as we can, please send us a DM.",
        ],
        (BrandCare, It) => &[
            "Ciao, ci dispiace molto. Puoi scriverci in DM con il codice di prenotazione? Verifichiamo subito.",
            "Comprendiamo il disagio e ci scusiamo. Mandaci un DM con i dettagli, ti aiutiamo noi.",
            "Grazie per averci scritto. Inviaci il codice di prenotazione in DM.",
        ],
        (BrandCare, Es) => &[
            "Hola, sentimos mucho lo ocurrido. ¿Nos envías un DM con tu código de reserva?",
            "Entendemos tu malestar y te pedimos disculpas. Escríbenos por DM y lo revisamos.",
            "Gracias por escribirnos. Envíanos los detalles por DM, por favor.",
        ],
        (BrandCare, Pl) => &[
            "Dzień dobry, bardzo nam przykro. Prosimy o wiadomość DM z numerem rezerwacji.",
            "Rozumiemy Twoje rozczarowanie i przepraszamy. Napisz do nas w DM, pomożemy.",
            "Dziękujemy za wiadomość. Prosimy o szczegóły w DM.",
        ],
        (BrandThanks, It) => &["Grazie mille! Ti aspettiamo presto a bordo ✈️", "Che bello leggerti, grazie per aver volato con noi!"],
        (BrandThanks, Es) => &["¡Muchas gracias! Te esperamos pronto a bordo ✈️", "¡Gracias por volar con nosotros!"],
        (BrandThanks, Pl) => &["Dziękujemy! Do zobaczenia na pokładzie ✈️", "Dziękujemy, że lecisz z nami!"],
        (BrandThanks, En) => &["Thanks for the kind words! See you on board soon ✈️", "Thank you for flying with us!", "That's lovely to hear, thanks for sharing!"],
        (RoutineComplaint, En) => &[
            "Flight delayed 2 hours and no information at the gate. Come on {brand}",
            "{brand} my bag didn't make it to Barcelona. Any update?",
            "The wifi on {brand} is useless again",
            "Why does the {brand} app log me out every single time?",
            "Seat 14C doesn't recline and the crew shrugged. {brand} please.",
            "Queue at the {brand} desk in Fiumicino is 40 minutes long",
        ],
        (RoutineComplaint, It) => &[
            "Volo in ritardo di due ore e nessuna informazione al gate. {brand} ma dai",
            "{brand} il mio bagaglio non è arrivato a Barcellona, novità?",
            "L'app di {brand} non funziona di nuovo",
            "Coda infinita al banco {brand} a Fiumicino",
        ],
        (RoutineComplaint, Es) => &[
            "Vuelo con dos horas de retraso y nadie informa en la puerta. {brand} por favor",
            "{brand} mi maleta no llegó a Roma. ¿Alguna novedad?",
            "La app de {brand} vuelve a fallar",
        ],
        (RoutineComplaint, Pl) => &[
            "Lot opóźniony o dwie godziny i zero informacji przy bramce. {brand} serio?",
            "{brand} mój bagaż nie doleciał do Rzymu. Jakieś wieści?",
            "Aplikacja {brand} znowu nie działa",
        ],
        (RoutinePraise, En) => &[
            "Lovely crew on my {brand} flight to Lisbon today, thank you!",
            "{brand} landed 20 minutes early, I'll take it {campaign}",
            "Smooth check-in with {brand} this morning.",
            "Great help from {help} sorting out my rebooking, thanks!",
        ],
        (RoutinePraise, It) => &["Equipaggio gentilissimo sul volo {brand} per Madrid, grazie!", "Atterrati in anticipo con {brand} {campaign}", "{help} grazie per l'aiuto con il cambio volo!"],
        (RoutinePraise, Es) => &["Tripulación encantadora en mi vuelo de {brand} a Roma, ¡gracias!", "Aterrizamos antes de hora con {brand} {campaign}"],
        (RoutinePraise, Pl) => &["Świetna załoga w locie {brand} do Rzymu, dziękuję!", "Wylądowaliśmy przed czasem z {brand} {campaign}"],
        (RoutineQuestion, En) => &[
            "{brand} can I bring a ski bag as cabin luggage?",
            "{help} how do I add a seat to my booking?",
            "Does {brand} fly to Kraków in winter?",
            "{help} nobody answers the phone line, is there a chat?",
        ],
        (RoutineQuestion, It) => &["{help} come aggiungo il bagaglio alla prenotazione?", "{brand} si può portare la chitarra in cabina?"],
        (RoutineQuestion, Es) => &["{help} ¿cómo añado una maleta a mi reserva?", "{brand} ¿se puede llevar una guitarra en cabina?"],
        (RoutineQuestion, Pl) => &["{help} jak dodać bagaż do rezerwacji?", "{brand} czy mogę zabrać gitarę do kabiny?"],
        (Outrage, En) => &[
            "{brand} smashed a musician's guitar and then ignored her for days. Disgusting.",
            "Never flying {brand} again. You break a guitar, you pay for it. Simple.",
            "How hard is it to say sorry, {brand}? Watch the video.",
            "This is why I never check my instrument. Shame on you {brand}",
            "{brand} your baggage handlers need retraining and your customer care needs a heart.",
            "Just cancelled my June booking with {brand}. Not giving my money to people who treat customers like this.",
            "Imagine saving for years for a guitar and watching {brand} throw it on the tarmac.",
            "Dear {brand}, the whole internet is watching. Fix this.",
            "Still no reply from {brand}? Incredible.",
            "Everyone share {musician}'s video until {brand} pays for that guitar",
        ],
        (Outrage, It) => &[
            "{brand} ha distrutto la chitarra di una musicista e poi l'ha ignorata per giorni. Vergognoso.",
            "Mai più con {brand}. Rompi una chitarra, la ripaghi. Semplice.",
            "Quanto costa chiedere scusa, {brand}? Guardate il video.",
            "Ecco perché non imbarco mai il mio strumento. {brand} vergogna",
            "Ho appena cancellato il mio volo di giugno con {brand}.",
            "Condividete il video di {musician} finché {brand} non ripaga la chitarra",
        ],
        (Outrage, Es) => &[
            "{brand} rompió la guitarra de una música y luego la ignoró durante días. Vergonzoso.",
            "No vuelvo a volar con {brand}. Si rompes una guitarra, la pagas.",
            "¿Tan difícil es pedir perdón, {brand}? Mirad el vídeo.",
            "Por esto nunca facturo mi instrumento. {brand} qué vergüenza",
            "Acabo de cancelar mi reserva de junio con {brand}.",
        ],
        (Outrage, Pl) => &[
            "{brand} zniszczył gitarę muzyczki, a potem ignorował ją przez trzy dni. Skandal.",
            "Nigdy więcej {brand}. Zniszczyliście gitarę, to za nią zapłaćcie.",
            "Czy tak trudno przeprosić, {brand}? Zobaczcie to wideo.",
            "Dlatego nigdy nie nadaję instrumentu na bagaż. {brand} wstyd",
        ],
        (Support, En) => &[
            "Sending love to {musician}. That guitar deserved better.",
            "{musician} I'm a luthier in Leeds, happy to look at it for free",
            "Standing with {musician}. Musicians deserve better from airlines.",
            "Bought {musician}'s album today because of this. Silver lining.",
        ],
        (Support, It) => &["Tutto il mio sostegno a {musician}. Quella chitarra meritava di meglio.", "{musician} sono un liutaio a Cremona, te la sistemo gratis"],
        (Support, Es) => &["Todo mi apoyo a {musician}. Esa guitarra merecía algo mejor.", "Los músicos merecemos más respeto de las aerolíneas. Fuerza {musician}"],
        (Support, Pl) => &["Wsparcie dla {musician}. Ta gitara zasługiwała na więcej.", "Muzycy zasługują na szacunek linii lotniczych. Trzymaj się {musician}"],
        (Joke, En) => &[
            "{brand}: we handle your luggage with care. Also {brand}: *throws guitar*",
            "New {brand} fare class: Basic Economy, Broken Instrument Included",
            "Skyways baggage team warming up for the hammer throw at the Olympics",
            "Me packing my guitar for a {brand} flight: bubble wrap, prayers, a lawyer",
        ],
        (Joke, It) => &["{brand}: trattiamo i vostri bagagli con cura. Sempre {brand}: *lancia chitarra*", "Nuova tariffa {brand}: Economy, chitarra rotta inclusa"],
        (Joke, Es) => &["{brand}: cuidamos tu equipaje. También {brand}: *lanza la guitarra*", "Nueva tarifa de {brand}: Básica, guitarra rota incluida"],
        (Joke, Pl) => &["{brand}: dbamy o Twój bagaż. Również {brand}: *rzuca gitarą*", "Nowa taryfa {brand}: Economy, połamana gitara w cenie"],
        (News, En) => &["Musician's video shows baggage handlers throwing her guitar; Skyways says it is \"looking into it\" {tag}", "Skyways faces backlash after viral broken-guitar video {tag}"],
        (News, It) => &["Il video di una musicista mostra gli addetti bagagli che lanciano la sua chitarra: Skyways \"sta verificando\"", "Bufera su Skyways dopo il video virale della chitarra rotta"],
        (News, Es) => &["El vídeo de una música muestra cómo lanzan su guitarra; Skyways dice que \"lo está revisando\"", "Polémica en redes contra Skyways por una guitarra rota"],
        (News, Pl) => &["Wideo muzyczki pokazuje, jak bagażowi rzucają jej gitarą. Skyways \"wyjaśnia sprawę\"", "Burza wokół Skyways po wiralowym nagraniu ze zniszczoną gitarą"],
        (Hijack, En) => &[
            "{campaign} they said. Unless you bring a guitar. {brand}",
            "Nothing says {campaign} like watching your guitar fly across the tarmac",
            "{brand} posting {campaign} promos while ignoring {musician}. Read the room.",
            "{campaign}? More like #FlySad",
        ],
        (Hijack, It) => &["{campaign} dicono. A meno che tu non abbia una chitarra. {brand}", "{brand} fa promo {campaign} mentre ignora {musician}. Complimenti."],
        (Hijack, Es) => &["{campaign}, dicen. Salvo que lleves guitarra. {brand}", "{brand} haciendo promos {campaign} mientras ignora a {musician}."],
        (Hijack, Pl) => &["{campaign}, mówią. Chyba że masz gitarę. {brand}", "{brand} wrzuca promocje {campaign} i ignoruje {musician}."],
        (AngryAtBrand, En) => &[
            "A DM? The whole world saw the video. Answer in public.",
            "Copy-paste reply after hours of silence. Wow.",
            "Stop posting promos and fix the guitar.",
            "\"Please DM us\" is not an apology.",
            "Read the room, Skyways.",
            "Is anyone actually working there today?",
        ],
        (AngryAtBrand, It) => &["Un DM? Tutto il mondo ha visto il video. Rispondete in pubblico.", "Risposta copia-incolla dopo ore di silenzio.", "Smettetela con le promo e ripagate la chitarra."],
        (AngryAtBrand, Es) => &["¿Un DM? Todo el mundo ha visto el vídeo. Responded en público.", "Respuesta copiada y pegada después de horas."],
        (AngryAtBrand, Pl) => &["DM? Cały świat widział to wideo. Odpowiedzcie publicznie.", "Skopiowana odpowiedź po wielu godzinach ciszy."],
        (ThreadReply, En) => &["Exactly this.", "Same thing happened to my cello in 2024. They never paid.", "This needs to go viral", "Agreed 100%", "Did they ever reply to you?", "Shared. Everyone should see this."],
        (ThreadReply, It) => &["Esatto.", "Successo anche al mio violoncello. Mai rimborsato.", "Condiviso.", "D'accordissimo"],
        (ThreadReply, Es) => &["Exacto.", "A mí me pasó lo mismo con mi violonchelo.", "Compartido.", "Totalmente de acuerdo"],
        (ThreadReply, Pl) => &["Dokładnie.", "Mnie też zniszczyli wiolonczelę. Nigdy nie zapłacili.", "Udostępnione.", "W stu procentach się zgadzam"],
        (CeoReaction, En) => &[
            "Good that the CEO finally spoke. Took {brand} long enough.",
            "A statement the next day? Too little, too late.",
            "An apology a day late is still late, {brand}.",
            "Words are cheap. Show us the new guitar, {brand}.",
        ],
        (CeoReaction, It) => &["Bene che la CEO abbia parlato, ma il giorno dopo?", "Scuse arrivate tardi, {brand}.", "Ora {brand} chiede scusa, dopo un giorno di silenzio."],
        (CeoReaction, Es) => &["Está bien que la CEO hable por fin, pero ¿un día después?", "Disculpas tarde, {brand}."],
        (CeoReaction, Pl) => &["Dobrze, że prezeska w końcu przeprosiła, ale dopiero następnego dnia?", "Przeprosiny spóźnione, {brand}."],
        (SongReaction, En) => &[
            "{musician} wrote a whole song about {brand} and it slaps",
            "This song will haunt {brand} forever",
            "Part 2 is even better. {brand} you created a monster",
            "Listening on repeat. {tag}",
        ],
        (SongReaction, It) => &["{musician} ha scritto una canzone su {brand} ed è bellissima", "Questa canzone perseguiterà {brand} per sempre"],
        (SongReaction, Es) => &["{musician} ha escrito una canción sobre {brand} y es buenísima", "Esta canción perseguirá a {brand} para siempre"],
        (SongReaction, Pl) => &["{musician} napisała piosenkę o {brand} i jest świetna", "Ta piosenka będzie prześladować {brand} latami"],
        (ImpostorCallout, En) => &["Is {impostor} really Skyways? This looks fake.", "{brand} is this your account?? It's insulting customers.", "Report {impostor}, it's a fake support account asking for card numbers"],
        (ImpostorCallout, It) => &["{impostor} è un account falso, segnalatelo!", "{brand} questo account è vostro?? Insulta i clienti."],
        (ImpostorCallout, Es) => &["{impostor} es una cuenta falsa, denunciadla.", "{brand} ¿esta cuenta es vuestra?"],
        (ImpostorCallout, Pl) => &["{impostor} to fałszywe konto, zgłaszajcie!", "{brand} czy to wasze konto??"],
    }
}

/// Hashtags, mentions and links in a text, as X extracts them (slices of the text).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Entities<'a> {
    pub hashtags: Vec<&'a str>,
    pub mentions: Vec<&'a str>,
    pub links: Vec<&'a str>,
}

/// Finds `#tag`, `@handle` and `https://…` tokens. A tag or handle must follow a non-word
/// character (so `mgmt@example` is not a mention) and is made of letters, digits and `_`.
pub fn entities(text: &str) -> Entities<'_> {
    let mut found = Entities::default();
    let mut previous: Option<char> = None;
    for (start, c) in text.char_indices() {
        let after_word = previous.is_some_and(|p| p.is_alphanumeric() || p == '_');
        previous = Some(c);
        if after_word {
            continue;
        }
        let rest = &text[start..];
        if c == '#' || c == '@' {
            let body = &rest[1..];
            let len = body
                .char_indices()
                .find(|(_, ch)| {
                    !(ch.is_alphanumeric() || *ch == '_') || (c == '@' && !ch.is_ascii())
                })
                .map_or(body.len(), |(i, _)| i);
            if len > 0 {
                let token = &rest[..1 + len];
                if c == '#' {
                    found.hashtags.push(token);
                } else {
                    found.mentions.push(token);
                }
            }
        } else if rest.starts_with("https://") {
            let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
            found.links.push(&rest[..len]);
        }
    }
    found
}

/// Where a short link in a template leads (what twarc-csv writes in `entities.urls`).
pub fn expanded_link(short: &str) -> &str {
    match short {
        "https://t.co/m1RaV1d3o0" => "pic.twitter.com/m1RaV1d3o0",
        "https://t.co/s0ngP4rt2x" => "https://youtu.be/sKyW4ysP2t",
        "https://t.co/Ce0St4tEmt" => "https://www.skyways.example/press/ceo-statement",
        "https://t.co/Spr1ngS4le" => "https://www.skyways.example/spring-sale",
        "https://t.co/r3fUnd5Fa5t" => "https://skyways-refunds.example/claim",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(role: Role, lang: Language, seed: u64) -> TextSpec {
        TextSpec {
            role,
            lang,
            seed,
            reply_to: None,
            tags: 0,
        }
    }

    #[test]
    fn same_spec_same_text() {
        let directory = Directory::new(1);
        let s = spec(Role::Outrage, Language::It, 42);
        assert_eq!(compose(&s, &directory), compose(&s, &directory));
    }

    #[test]
    fn replies_start_with_the_handle_and_tags_are_appended_once() {
        let directory = Directory::new(1);
        let s = TextSpec {
            reply_to: Some(AccountRef::MUSICIAN),
            tags: tags::MAIN | tags::FLY_HAPPY,
            ..spec(Role::ThreadReply, Language::En, 9)
        };
        let text = compose(&s, &directory);
        assert!(text.starts_with("@mira_strings "), "{text}");
        assert!(!text.starts_with("@mira_strings @mira_strings"), "{text}");
        assert_eq!(text.matches(MAIN_TAG).count(), 1, "{text}");
        assert_eq!(text.matches(CAMPAIGN_TAG).count(), 1, "{text}");
        // The trigger already carries the main tag: it is not repeated.
        let trigger = TextSpec {
            tags: tags::MAIN,
            ..spec(Role::Trigger, Language::En, 1)
        };
        assert_eq!(compose(&trigger, &directory).matches(MAIN_TAG).count(), 1);
        // A reply to the brand whose sentence starts with the brand's handle does not repeat it.
        for seed in 0..50 {
            let question = TextSpec {
                reply_to: Some(AccountRef::SKYWAYS_AIR),
                ..spec(Role::RoutineQuestion, Language::En, seed)
            };
            let text = compose(&question, &directory);
            assert!(!text.starts_with("@SkywaysAir @SkywaysAir"), "{text}");
        }
    }

    #[test]
    fn entities_are_found_like_x_does() {
        let e =
            entities("@SkywaysAir mail mgmt@x.example #FlyHappy! see https://t.co/abc #Ok_2 a#b");
        assert_eq!(e.mentions, vec!["@SkywaysAir"]);
        assert_eq!(e.hashtags, vec!["#FlyHappy", "#Ok_2"]);
        assert_eq!(e.links, vec!["https://t.co/abc"]);
        assert_eq!(entities("#").hashtags, Vec::<&str>::new());
    }

    #[test]
    fn wording_varies() {
        let directory = Directory::new(1);
        let texts: std::collections::HashSet<String> = (0..200)
            .map(|seed| compose(&spec(Role::Outrage, Language::En, seed), &directory))
            .collect();
        assert!(texts.len() > 30, "only {} different texts", texts.len());
    }

    #[test]
    fn every_placeholder_is_known() {
        let roles = [
            Role::RoutineComplaint,
            Role::RoutinePraise,
            Role::RoutineQuestion,
            Role::Trigger,
            Role::Outrage,
            Role::Support,
            Role::Joke,
            Role::News,
            Role::Hijack,
            Role::AngryAtBrand,
            Role::ThreadReply,
            Role::CeoReaction,
            Role::Song,
            Role::SongReaction,
            Role::ImpostorCallout,
            Role::BrandCare,
            Role::BrandThanks,
            Role::BrandPromo,
            Role::ScheduledPromo,
            Role::FirstResponse,
            Role::CeoStatement,
            Role::ImpostorRude,
            Role::ImpostorPhish,
        ];
        let directory = Directory::new(1);
        for role in roles {
            for lang in [Language::En, Language::It, Language::Es, Language::Pl] {
                for template in templates(role, lang) {
                    let mut out = String::new();
                    fill(&mut out, template);
                    assert!(!out.contains('{') && !out.contains('}'), "{out}");
                }
                assert!(!compose(&spec(role, lang, 3), &directory).is_empty());
            }
        }
    }

    #[test]
    fn the_posts_the_story_is_reposted_from_keep_their_label_and_openers_run_on() {
        let directory = Directory::new(1);
        let spec = |role, seed| TextSpec {
            role,
            lang: Language::En,
            seed,
            reply_to: None,
            tags: 0,
        };
        // Seed 7 draws the classifier's neutral for any other role.
        assert_eq!(spec(Role::Outrage, 7).sentiment(), Sentiment::Neutral);
        assert_eq!(spec(Role::Trigger, 7).sentiment(), Sentiment::Negative);
        assert_eq!(spec(Role::Song, 14).sentiment(), Sentiment::Negative);
        let mut run_on = 0;
        for seed in 0..400 {
            let text = compose(&spec(Role::Outrage, seed), &directory);
            for opener in ["Honestly, ", "So "] {
                if let Some(rest) = text.strip_prefix(opener) {
                    run_on += 1;
                    assert!(!rest.starts_with(char::is_uppercase), "{text}");
                }
            }
            let rude = compose(&spec(Role::ImpostorRude, seed), &directory);
            assert!(
                !openers(Language::En).iter().any(|o| rude.starts_with(o)),
                "{rude}"
            );
        }
        assert!(run_on > 0);
    }
}
