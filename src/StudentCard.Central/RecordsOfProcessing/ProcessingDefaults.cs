namespace StudentCard.Central.RecordsOfProcessing;

/// <summary>
/// The wording the records use where the "Processing" section says nothing: the purposes as
/// DESIGN.md describes them. A controller should review and override legal bases and recipients.
/// </summary>
public static class ProcessingDefaults
{
    public const string NotConfigured = "not configured (set Processing:{0})";

    public const string Transfers = "None: every store is on the controller's own Central server; readers talk only to it.";

    public static readonly IReadOnlyDictionary<string, (string Name, string Description, string LegalBasis, string[] Subjects, string[] Recipients)> Activities =
        new Dictionary<string, (string, string, string, string[], string[])>(StringComparer.OrdinalIgnoreCase)
        {
            ["gate"] = (
                "Building access and safety (gate)",
                "Deciding at the school gate whether a card may pass, and answering safety questions: did a pupil arrive, who is inside during an evacuation.",
                "Art. 6(1)(e) GDPR: a task in the public interest (the school's duty of care).",
                ["pupils holding a student card"],
                ["school administration (gate data of their school)", "the data protection officer, for data-subject requests"]),
            ["bus"] = (
                "Transport eligibility (bus)",
                "Deciding at the bus door whether a card entitles its holder to ride, and counting ridership per route and hour.",
                "Art. 6(1)(e) GDPR: a task in the public interest (school transport).",
                ["pupils holding a student card"],
                ["the transport operator's administration (bus data only)", "the data protection officer, for data-subject requests"]),
            ["library"] = (
                "Library patron identification",
                "Deciding at the library entrance whether a card belongs to a patron, and counting entrances; no per-person log is kept beyond counting.",
                "Art. 6(1)(e) GDPR: a task in the public interest (the school library).",
                ["pupils holding a student card"],
                ["librarians (library counts only)"]),
            ["statistics"] = (
                "Anonymous usage statistics",
                "Hourly counts per reader and direction, computed from passages before they expire; small counts are suppressed in every report.",
                "Not personal data once counted; listed for transparency. Counting itself rests on the basis of the purpose counted.",
                ["none (counts hold no identifier)"],
                ["school administration, the transport operator and librarians, each for their own purpose's counts"]),
            ["vault"] = (
                "Enrollment, identity vault and data-subject requests",
                "Keeping who holds which card, kept apart from every purpose store; reached only for enrollment, re-identification approved by the DPO, data-subject requests, and the register of personal-data breaches (Art. 33(5)).",
                "Art. 6(1)(e) GDPR: a task in the public interest; Art. 8 and national law for the age of digital consent (a guardian acts below it).",
                ["pupils", "their guardians"],
                ["the data protection officer", "enrollment staff"]),
            ["audit"] = (
                "Accountability audit log",
                "An append-only, hash-chained record of every read of passage data, every re-identification, every data-subject action, every step on the breach register and every rule, key or reader change: who, when, what and why.",
                "Art. 6(1)(c) GDPR with Art. 5(2) and Art. 30/32: the controller's legal obligation to demonstrate compliance.",
                ["staff acting on personal data", "pupils, by purpose pseudonym only"],
                ["the data protection officer", "supervisory authority on request"]),
        };

    /// <summary>What each activity stores, as the code stores it; not configurable, because configuration cannot change it.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> DataCategories = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["gate"] = ["gate pseudonym (truncated HMAC-SHA256 of the card token, gate key)", "reader id", "direction (in/out)", "time", "decision and reason code", "key version"],
        ["bus"] = ["bus pseudonym (truncated HMAC-SHA256 of the card token, bus key)", "reader id (vehicle/route)", "time", "decision and reason code", "key version"],
        ["library"] = ["library pseudonym (truncated HMAC-SHA256 of the card token, library key)", "reader id", "time", "decision and reason code", "key version"],
        ["statistics"] = ["purpose", "reader id", "UTC hour", "direction", "number of passes and refusals"],
        ["vault"] = ["name", "student number", "school and class", "birth year", "guardian name", "card token (HMAC-SHA256 of the card UID, site key) and card status", "purposes granted", "breach register: each breach's facts and the vault ids of the pupils it concerns"],
        ["audit"] = ["actor (staff account or component)", "time", "action", "subject (pseudonym, reader id or request id)", "stated reason", "chain hashes"],
    };

    public static readonly IReadOnlyDictionary<string, string> Storage = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["gate"] = "purpose store central.db (Passages); the gate agents' outboxes until Central confirms",
        ["bus"] = "purpose store central.db (Passages); the bus agents' outboxes until Central confirms",
        ["library"] = "purpose store central.db (Passages); the library agents' outboxes until Central confirms",
        ["statistics"] = "purpose store central.db (HourlyCounts)",
        ["vault"] = "identity vault vault.db, a separate file (with the data-subject requests and the breach register)",
        ["audit"] = "audit store audit.db, a separate file",
    };

    /// <summary>The measures the code itself takes; an installation adds its own in Processing:AdditionalSecurityMeasures.</summary>
    public static readonly string[] SecurityMeasures =
    [
        "Pseudonymisation at the edge: the card UID never leaves the reader agent's memory; each purpose holds only its own keyed pseudonym, so purposes cannot be joined without the keys (GDPR Art. 4(5)).",
        "Identity vault in its own database file, reached only by enrollment, re-identification and data-subject requests.",
        "Keys outside every database, in an owner-only key file; agents hold only the site key and their own purpose's key; keys are versioned and rotatable.",
        "Readers authenticate with per-reader secrets (PBKDF2 hashes stored); every call and MQTT topic is checked against the reader's purpose (broker ACL).",
        "Retention per purpose with hard maxima in code; expired rows are deleted with SQLite secure_delete and the WAL is checkpointed, so they cannot be recovered from the database files.",
        "Agents delete outbox rows only after Central confirms them, with secure_delete and WAL checkpoints; replaced allow-list copies are overwritten before they are released.",
        "Anonymous statistics with small-cell suppression in every report.",
        "Append-only, hash-chained audit log with a verify command that names the first edited, deleted, inserted or reordered entry.",
        "Logs carry pseudonyms at most: raw card UIDs, card tokens, names and keys are redacted.",
    ];
}
