namespace StudentCard.EndToEnd.Tests.Architecture;

/// <summary>
/// Each project's folders use only the folders <see cref="FolderRules"/> allows them, every folder has a rule, and no rule
/// names a folder that is gone. The checker itself is shown able to fail on the probe types of <c>Probe/</c>.
/// </summary>
public sealed class FolderDependencyTests
{
    private const string ProbeNamespace = "StudentCard.EndToEnd.Tests.Architecture.Probe";

    private static readonly ProjectFolders Probe = new(
        "Probe",
        typeof(FolderDependencyTests).Assembly,
        ProbeNamespace,
        GeneratedNamespaces: [],
        Rules:
        [
            FolderRule.MayUse("Upper", "Lower"),
            FolderRule.MayUse("Lower"),
        ]);

    public static TheoryData<string> Projects => new(FolderRules.All.Select(p => p.Project));

    [Theory]
    [MemberData(nameof(Projects))]
    public void Every_folder_uses_only_the_folders_its_rule_allows(string project)
    {
        var folders = ProjectNamed(project);

        var forbidden = Violations(folders, FolderDependencies.Of(folders).Uses());

        Assert.True(forbidden.Count == 0, $"Forbidden folder dependencies (rules: {nameof(FolderRules)}.cs):\n{string.Join('\n', forbidden)}");
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Every_folder_has_a_rule_and_every_rule_names_folders_that_exist(string project)
    {
        var folders = ProjectNamed(project);
        var existing = FolderDependencies.Of(folders).Folders();

        var withoutRule = existing.Where(f => folders.RuleOf(f) is null).Order(StringComparer.Ordinal).ToList();
        var stale = folders.Rules.SelectMany(r => r.Listed.Prepend(r.Folder)).Distinct().Where(f => !existing.Contains(f)).Order(StringComparer.Ordinal).ToList();
        var repeated = folders.Rules.GroupBy(r => r.Folder).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.True(withoutRule.Count == 0, $"{project}: folders without a rule: {string.Join(", ", withoutRule)}");
        Assert.True(stale.Count == 0, $"{project}: rules name folders that do not exist: {string.Join(", ", stale)}");
        Assert.True(repeated.Count == 0, $"{project}: folders with more than one rule: {string.Join(", ", repeated)}");
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void The_rules_form_no_circle_outside_the_folders_that_may_name_everything(string project)
    {
        var folders = ProjectNamed(project);

        var circles = folders.Rules.Where(r => !r.Everything && Reachable(folders, r.Folder).Contains(r.Folder)).Select(r => r.Folder).ToList();

        Assert.True(circles.Count == 0, $"{project}: folders the rules let reach themselves: {string.Join(", ", circles)}");
    }

    [Fact]
    public void No_reader_plane_folder_may_reach_the_admin_plane_even_through_other_folders()
    {
        var central = FolderRules.Central;

        var reached = FolderRules.ReaderPlane
            .SelectMany(f => Reachable(central, f).Intersect(FolderRules.AdminPlane).Select(admin => $"{f} -> {admin}"))
            .ToList();

        Assert.True(reached.Count == 0, $"Central's rules let the reader plane reach the admin plane: {string.Join(", ", reached)}");
        Assert.All(FolderRules.ReaderPlane, f => Assert.False(central.RuleOf(f)!.Everything));
    }

    /// <summary>
    /// The folders a folder's rule lets it reach through other listed folders. The composition root and the stores may name
    /// everything, so the walk does not pass through them: nothing else may use the root, and the stores only map entities.
    /// </summary>
    private static HashSet<string> Reachable(ProjectFolders folders, string start)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(folders.RuleOf(start)!.Listed);
        while (pending.TryPop(out var folder))
        {
            if (reached.Add(folder) && folders.RuleOf(folder) is { Everything: false } rule)
            {
                foreach (var next in rule.Listed)
                {
                    pending.Push(next);
                }
            }
        }
        return reached;
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Every_type_sits_in_a_folder_or_the_root(string project)
    {
        var outside = FolderDependencies.Of(ProjectNamed(project)).TypesOutsideFolders();

        Assert.True(outside.Count == 0, $"{project}: types outside the folders' namespaces: {string.Join(", ", outside)}");
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Namespaces_follow_folders(string project)
    {
        var folders = ProjectNamed(project);
        var source = ProjectDirectory(folders);
        var astray = new List<string>();
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var directories = relative.Split(Path.DirectorySeparatorChar)[..^1];
            if (directories is ["bin" or "obj", ..])
            {
                continue;
            }
            // A file without a namespace holds top-level statements (Program.cs), at the root. A subfolder may share its
            // folder's namespace (Reader/Client is in StudentCard.Edge.Reader), but a namespace never leaves its folder.
            var declared = File.ReadLines(file).FirstOrDefault(l => l.StartsWith("namespace ", StringComparison.Ordinal))?["namespace ".Length..].TrimEnd(';', ' ')
                ?? folders.RootNamespace;
            string[] segments = declared == folders.RootNamespace ? []
                : declared.StartsWith(folders.RootNamespace + ".", StringComparison.Ordinal) ? declared[(folders.RootNamespace.Length + 1)..].Split('.')
                : ["(outside the root namespace)"];
            var follows = segments.Length <= directories.Length && segments.SequenceEqual(directories[..segments.Length])
                && (directories.Length == 0) == (segments.Length == 0);
            if (!follows)
            {
                astray.Add($"{relative}: namespace {declared}");
            }
        }

        Assert.True(astray.Count == 0, $"{project}: files whose namespace is not their folder's:\n{string.Join('\n', astray)}");
    }

    [Fact]
    public void The_checker_passes_an_allowed_arrow()
    {
        var uses = FolderDependencies.Of(Probe.Assembly, ProbeNamespace).Uses();

        Assert.Contains(new TypeUse("Upper", "ProbeGate", "Lower", "ProbeClock"), uses);
        Assert.DoesNotContain(Violations(Probe, uses), line => line.Contains("Upper -> Lower", StringComparison.Ordinal));
    }

    [Fact]
    public void The_checker_reports_a_forbidden_arrow_once_with_an_example()
    {
        var forbidden = Violations(Probe, FolderDependencies.Of(Probe.Assembly, ProbeNamespace).Uses());

        var line = Assert.Single(forbidden);
        Assert.Equal("Probe: Lower -> Upper (UsesByAttribute uses ProbeMarkAttribute; 5 uses)", line);
    }

    [Theory]
    [InlineData("UsesByGenericArgument", "ProbeGate")]
    [InlineData("UsesByAttribute", "ProbeMarkAttribute")]
    [InlineData("UsesInLambda", "ProbeGate")]
    [InlineData("UsesInBody", "ProbeGate")]
    [InlineData("UsesInSignature", "ProbeGate")]
    public void The_checker_sees_a_use_wherever_the_code_names_a_type(string user, string used)
    {
        var uses = FolderDependencies.Of(Probe.Assembly, ProbeNamespace).Uses();

        Assert.Contains(new TypeUse("Lower", user, "Upper", used), uses);
    }

    [Fact]
    public void The_probe_folders_are_all_the_checker_finds_under_the_probe_namespace()
    {
        Assert.Equal(["Lower", "Upper"], FolderDependencies.Of(Probe.Assembly, ProbeNamespace).Folders().Order(StringComparer.Ordinal));
    }

    /// <summary>One line per forbidden arrow: the project, the arrow, the first use found and how many there are.</summary>
    private static List<string> Violations(ProjectFolders folders, IReadOnlyList<TypeUse> uses) => uses
        .Where(u => folders.RuleOf(u.FromFolder) is not { } rule || !rule.Allows(u.ToFolder))
        .GroupBy(u => (u.FromFolder, u.ToFolder))
        .OrderBy(g => g.Key.FromFolder, StringComparer.Ordinal).ThenBy(g => g.Key.ToFolder, StringComparer.Ordinal)
        .Select(g => $"{folders.Project}: {g.Key.FromFolder} -> {g.Key.ToFolder} ({g.First().FromType} uses {g.First().ToType}; {g.Count()} use{(g.Count() == 1 ? "" : "s")})")
        .ToList();

    private static ProjectFolders ProjectNamed(string project) => FolderRules.All.Single(p => p.Project == project);

    /// <summary>The project's source folder: src/ holds one folder per project, named after its assembly.</summary>
    private static string ProjectDirectory(ProjectFolders folders)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "StudentCard.sln")))
        {
            root = root.Parent;
        }
        Assert.NotNull(root);
        var directory = Path.Combine(root.FullName, "src", folders.Assembly.GetName().Name!);
        Assert.True(Directory.Exists(directory), $"{folders.Project}: no source folder {directory}");
        return directory;
    }
}
