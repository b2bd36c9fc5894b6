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

    /// <summary>Every project whose folders are checked.</summary>
    public static IReadOnlyList<ProjectFolders> All { get; } = [Edge];
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
