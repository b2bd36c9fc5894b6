namespace StudentCard.Central.Rights;

/// <summary>
/// Who changes rules and which ones they may: a school admin the gate rules of their own school, a transport admin the
/// bus rules, a librarian the library rules (of their school when the account names one); the system (demo, tests'
/// local system) all of them.
/// </summary>
public sealed record RuleEditor(string Name, ReaderType? Purpose, string? School, bool Everything = false)
{
    public static RuleEditor System(string name) => new(name, null, null, Everything: true);

    public bool Manages(ReaderType purpose, string school) =>
        Everything || (Purpose == purpose && (School is null || School == school));

    /// <summary>Told when a rule is not the account's: names what the account does manage.</summary>
    public string NotManaged(ReaderType purpose, string school) => Purpose is not { } own
        ? "Your account manages no access rules. Nothing was changed."
        : own != purpose
            ? $"You manage {own.Name()} rules, not {purpose.Name()} rules. Nothing was changed."
            : $"You manage the {own.Name()} rules of {School}, not of {school}. Nothing was changed.";
}
