namespace StudentCard.EndToEnd.Tests.Architecture;

/// <summary>
/// Which top-level folder of each project may use which: the one table of the folder rules, checked by
/// <see cref="FolderDependencyTests"/> against the compiled code. A folder uses another when any of its types names one
/// of the other's. A project's rules are added as one more <see cref="ProjectFolders"/> in <see cref="All"/>.
/// </summary>
public static class FolderRules
{
    /// <summary>
    /// The reader agent: its settings at the bottom, the link to Central knowing no feature, the tap path at the top.
    /// The gRPC contract's generated code (namespace StudentCard.Protos) is the agent's copy of protos/, not a folder.
    /// </summary>
    public static readonly ProjectFolders Edge = new(
        "Edge",
        typeof(StudentCard.Edge.EdgeAgentApp).Assembly,
        "StudentCard.Edge",
        GeneratedNamespaces: ["StudentCard.Protos"],
        Rules:
        [
            FolderRule.MayNameEverything(FolderRule.Root), // the composition root: Program, Extensions, EdgeAgentApp
            FolderRule.MayUse("Settings"),
            FolderRule.MayUse("Keys"),
            FolderRule.MayUse("Link", "Settings"),
            FolderRule.MayUse("Reader", "Link"),
            FolderRule.MayUse("Outbox", "Settings", "Link"),
            FolderRule.MayUse("Retention", "Settings", "Outbox"),
            FolderRule.MayUse("AllowList", "Settings", "Link", "Retention"),
            FolderRule.MayUse("Safety", "Settings", "Link"),
            FolderRule.MayUse("Display", "Settings", "Reader", "Outbox"),
            FolderRule.MayUse("Enrollment", "Keys", "Reader"),
            FolderRule.MayUse("Taps", "Settings", "Keys", "Link", "Reader", "AllowList", "Outbox", "Safety", "Display"),
        ]);

    /// <summary>
    /// Central: the reader plane (ReaderApi, AllowList, Passages, Messaging, ReaderAccounts) reaches no folder of the admin
    /// plane (Admin, Staff, DataSubjects, Breaches, Rosters, Cli, RecordsOfProcessing), not even through another folder. The store
    /// contexts map every folder's entities. The gRPC contract's generated code is not a folder.
    /// </summary>
    public static readonly ProjectFolders Central = new(
        "Central",
        typeof(StudentCard.Central.CentralApp).Assembly,
        "StudentCard.Central",
        GeneratedNamespaces: ["StudentCard.Protos"],
        Rules:
        [
            FolderRule.MayNameEverything(FolderRule.Root), // the composition root: Program, CentralApp, Extensions
            FolderRule.MayNameEverything("Stores"),
            FolderRule.MayUse("Hosting"),
            FolderRule.MayUse("SignInLimits"),
            FolderRule.MayUse("Audit", "Stores"),
            FolderRule.MayUse("Vault", "Stores"),
            FolderRule.MayUse("Statistics", "Stores"),
            FolderRule.MayUse("Retention", "Stores", "Audit", "Statistics"),
            FolderRule.MayUse("ReaderAccounts", "Stores", "Audit"),
            FolderRule.MayUse("Observability", "Stores", "ReaderAccounts"),
            FolderRule.MayUse("Passages", "Stores", "ReaderAccounts", "Observability", "Retention"),
            FolderRule.MayUse("Messaging", "Stores", "Hosting", "ReaderAccounts", "Passages", "SignInLimits"),
            FolderRule.MayUse("AllowList", "Stores", "Vault", "Messaging"),
            FolderRule.MayUse("ReaderApi", "Stores", "Vault", "ReaderAccounts", "AllowList", "SignInLimits", "Messaging"),
            FolderRule.MayUse("Keys", "Stores", "Hosting", "Audit", "Vault", "AllowList"),
            FolderRule.MayUse("CardEnrollment", "Stores", "Audit", "Vault", "Keys", "AllowList", "Rights"),
            FolderRule.MayUse("Safety", "Stores", "Hosting", "Audit", "Vault", "Keys", "AllowList", "Messaging", "Passages"),
            FolderRule.MayUse("DeskApi", "Stores", "Hosting", "Audit", "Vault", "Keys", "ReaderAccounts", "ReaderApi", "CardEnrollment", "SignInLimits"),
            FolderRule.MayUse("Calendar", "Stores", "Audit", "ReaderAccounts", "AllowList", "Staff"),
            FolderRule.MayUse("Rights", "Stores", "Audit", "Vault", "Keys", "AllowList"),
            FolderRule.MayUse("StartupProvisioning", "Stores", "Vault", "Keys", "ReaderAccounts", "AllowList", "CardEnrollment", "Rights"),
            FolderRule.MayUse("Staff", "Stores", "Hosting", "SignInLimits", "Audit"),
            FolderRule.MayUse("RecordsOfProcessing", "Retention", "Statistics"),
            FolderRule.MayUse("DataSubjects", "Stores", "Audit", "Vault", "Statistics", "Retention", "Keys", "AllowList", "Passages", "RecordsOfProcessing"),
            FolderRule.MayUse("Rosters", "Stores", "Hosting", "Audit", "Vault", "DataSubjects", "AllowList", "CardEnrollment", "Rights"),
            FolderRule.MayUse("Breaches", "Stores", "Audit", "Vault", "Keys", "AllowList", "ReaderAccounts", "Passages", "DataSubjects"),
            FolderRule.MayUseAllBut("Admin", "Cli"),
            FolderRule.MayUseAllBut("Cli", "Admin"),
        ]);

    /// <summary>Central's reader plane: what serves the readers, and must keep serving them whatever the admin side does.</summary>
    public static readonly IReadOnlyList<string> ReaderPlane = ["ReaderApi", "AllowList", "Passages", "Messaging", "ReaderAccounts"];

    /// <summary>Central's admin plane: the pages, staff accounts, data-subject work, the breach register, roster imports, command line and GDPR records.</summary>
    public static readonly IReadOnlyList<string> AdminPlane = ["Admin", "Staff", "DataSubjects", "Breaches", "Rosters", "Cli", "RecordsOfProcessing"];

    /// <summary>Every project whose folders are checked.</summary>
    public static IReadOnlyList<ProjectFolders> All { get; } = [Edge, Central];
}

/// <summary>One project's folders: where its code is, the namespace its folders hang under, and their rules.</summary>
/// <param name="GeneratedNamespaces">Namespaces of generated code outside the folders (a contract's stubs); no rule covers them.</param>
public sealed record ProjectFolders(
    string Project,
    System.Reflection.Assembly Assembly,
    string RootNamespace,
    IReadOnlyList<string> GeneratedNamespaces,
    IReadOnlyList<FolderRule> Rules)
{
    public FolderRule? RuleOf(string folder) => Rules.FirstOrDefault(r => r.Folder == folder);

    public override string ToString() => Project;
}

/// <summary>What one folder may use: the folders listed, or every folder (but those listed).</summary>
public sealed record FolderRule(string Folder, bool Everything, IReadOnlyList<string> Listed)
{
    /// <summary>The project's root namespace: in a deployable, its composition root.</summary>
    public const string Root = "(root)";

    /// <summary>The folder may use exactly these folders (and itself).</summary>
    public static FolderRule MayUse(string folder, params string[] folders) => new(folder, false, folders);

    /// <summary>The folder may use every folder: the composition root and the stores' contexts.</summary>
    public static FolderRule MayNameEverything(string folder) => new(folder, true, []);

    /// <summary>The folder may use every folder except these.</summary>
    public static FolderRule MayUseAllBut(string folder, params string[] folders) => new(folder, true, folders);

    public bool Allows(string folder) => folder == Folder || (Everything ? !Listed.Contains(folder) : Listed.Contains(folder));
}
