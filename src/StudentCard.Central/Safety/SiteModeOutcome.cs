using StudentCard.Core.Rules;

namespace StudentCard.Central.Safety;

/// <summary>What a safety command did: the site's new mode and sequence, and whether the broker took it now (else on reconnect).</summary>
public sealed record SiteModeOutcome(string Site, SafetyMode Mode, long Sequence, int OverridePseudonyms, bool Published);
