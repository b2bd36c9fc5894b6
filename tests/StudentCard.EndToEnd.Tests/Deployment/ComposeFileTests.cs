using System.Reflection;
using System.Text.RegularExpressions;
using StudentCard.Central;
using StudentCard.Central.Hosting;
using StudentCard.Central.Messaging;
using StudentCard.Central.StartupProvisioning;
using StudentCard.Edge.Reader;
using StudentCard.Edge.Settings;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace StudentCard.EndToEnd.Tests.Deployment;

/// <summary>
/// docker-compose.yml cannot be run here (no container engine), so it is parsed and checked:
/// valid YAML with merge keys, every reference resolves, every setting names a real option,
/// every provisioned reader has a board and an agent wired to each other, and no secret has a default.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly string Root = FindRepositoryRoot();
    private static readonly Dictionary<string, object> Compose = Load();

    private static Dictionary<object, object> Services => (Dictionary<object, object>)Compose["services"];

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "StudentCard.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("StudentCard.sln not found above the test's directory.");
    }

    private static Dictionary<string, object> Load()
    {
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Root, "docker-compose.yml")));
        return new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(new MergingParser(new Parser(reader)));
    }

    private static Dictionary<object, object> Service(string name) => (Dictionary<object, object>)Services[name];

    private static string Command(string name) => Regex.Replace((string)Service(name)["command"], @"\s+", " ");

    [Fact]
    public void Top_level_keys_are_compose_keys()
    {
        Assert.All(Compose.Keys, key => Assert.True(key is "name" or "services" or "volumes" or "networks" || key.StartsWith("x-", StringComparison.Ordinal), $"unknown top-level key {key}"));
        Assert.All(Services.Values.Cast<Dictionary<object, object>>(), service => Assert.True(service.ContainsKey("image") || service.ContainsKey("build")));
    }

    [Fact]
    public void Every_dependency_and_volume_resolves()
    {
        var named = ((Dictionary<object, object>)Compose["volumes"]).Keys.Cast<string>().ToHashSet();
        foreach (var (name, value) in Services)
        {
            var service = (Dictionary<object, object>)value;
            if (service.TryGetValue("depends_on", out var dependsOn))
            {
                var dependencies = dependsOn is Dictionary<object, object> map ? map.Keys.Cast<string>() : ((List<object>)dependsOn).Cast<string>();
                Assert.All(dependencies, d => Assert.True(Services.ContainsKey(d), $"{name} depends on unknown service {d}"));
            }
            foreach (var volume in service.TryGetValue("volumes", out var v) ? ((List<object>)v).Cast<string>() : [])
            {
                var source = volume.Split(':')[0];
                if (source.StartsWith('.'))
                {
                    Assert.True(Path.Exists(Path.Combine(Root, source)), $"{name} mounts {source}, which is not in the repository");
                }
                else
                {
                    Assert.Contains(source, named);
                }
            }
        }
    }

    [Fact]
    public void Every_setting_on_a_command_line_names_a_real_option()
    {
        var central = OptionsBySection(typeof(CentralOptions), typeof(GrpcEndpointOptions), typeof(MqttOptions), typeof(ProvisioningOptions));
        var edge = OptionsBySection(typeof(EdgeOptions), typeof(ReaderOptions));
        AssertSettingsExist(Command("central"), central);
        foreach (var agent in Services.Keys.Cast<string>().Where(s => s.StartsWith("agent-", StringComparison.Ordinal)))
        {
            AssertSettingsExist(Command(agent), edge);
        }
    }

    [Fact]
    public void Every_provisioned_reader_has_a_board_and_an_agent_wired_to_it()
    {
        var readers = SettingPattern().Matches(Command("central"))
            .Where(m => m.Groups[1].Value.StartsWith("Provisioning:Readers:", StringComparison.Ordinal))
            .Select(m => m.Groups[2].Value.Split(':')[0])
            .ToArray();

        Assert.Equal(3, readers.Length);
        foreach (var reader in readers)
        {
            var agent = Command($"agent-{reader}");
            var sim = Command($"sim-{reader}");
            Assert.Contains($"/shared/readers/{reader}/edge.json", agent);
            Assert.Contains($"--Reader:TcpHost=sim-{reader}", agent);
            Assert.Contains("--tcp-bind 0.0.0.0", sim);
            var script = Regex.Match(sim, @"--script /src/(\S+)").Groups[1].Value;
            Assert.True(File.Exists(Path.Combine(Root, script)), $"{reader}'s tap script {script} is not in the repository");
        }
    }

    [Fact]
    public void The_mosquitto_configuration_it_mounts_requires_logins_and_keeps_messages()
    {
        var config = File.ReadAllLines(Path.Combine(Root, "deploy", "mosquitto", "mosquitto.conf")).Select(l => l.Trim()).ToArray();
        Assert.Contains("allow_anonymous false", config);
        Assert.Contains("persistence true", config);
        Assert.Contains(config, l => l.StartsWith("password_file ", StringComparison.Ordinal));
        Assert.Contains(config, l => l.StartsWith("acl_file ", StringComparison.Ordinal));
    }

    [Fact]
    public void No_password_or_secret_has_a_default_so_compose_refuses_to_start_without_it()
    {
        var files = Directory.EnumerateFiles(Path.Combine(Root, "deploy"), "*", SearchOption.AllDirectories)
            .Prepend(Path.Combine(Root, "docker-compose.yml"));
        var secrets = 0;
        foreach (var file in files)
        {
            var name = Path.GetRelativePath(Root, file);
            var text = File.ReadAllText(file);
            foreach (Match variable in SecretVariablePattern().Matches(text))
            {
                Assert.True(variable.Groups[2].Value == ":?", $"{name}: ${{{variable.Groups[1].Value}}} must be required with ':?', not given a default");
            }
            foreach (Match setting in SecretSettingPattern().Matches(text))
            {
                secrets++;
                var value = setting.Groups[2].Value;
                Assert.True(RequiredVariablePattern().IsMatch(value), $"{name}: {setting.Groups[1].Value} is set to '{value}', a secret anyone can read here; take it from a required variable (${{NAME:?message}})");
            }
        }
        Assert.True(secrets > 0, "no password or secret setting found: the pattern no longer matches the deployment files");
        Assert.Contains(File.ReadAllLines(Path.Combine(Root, ".gitignore")), l => l.Trim() == ".env");
    }

    private static Dictionary<string, HashSet<string>> OptionsBySection(params Type[] types) =>
        types.ToDictionary(
            t => (string)t.GetField("Section", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!,
            t => t.GetProperties().Where(p => p.CanWrite).Select(p => p.Name).ToHashSet());

    private static void AssertSettingsExist(string command, Dictionary<string, HashSet<string>> options)
    {
        var settings = SettingPattern().Matches(command).Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(settings);
        foreach (var setting in settings)
        {
            var parts = setting.Split(':');
            Assert.True(options.TryGetValue(parts[0], out var properties), $"'{setting}': no options section {parts[0]}");
            Assert.True(properties.Contains(parts[1]), $"'{setting}': {parts[0]} has no setting {parts[1]}");
        }
    }

    /// <summary>A variable whose name says it holds a secret, with how it is substituted (":?", ":-", "-", "?" or nothing).</summary>
    [GeneratedRegex(@"\$\{?([A-Za-z0-9_]*(?:PASSWORD|SECRET|TOKEN|PASSPHRASE)[A-Za-z0-9_]*)(:?[-?+=]?)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretVariablePattern();

    /// <summary>A setting or environment entry whose name says it holds a secret ("--Mqtt:ServicePassword=…", "DB_PASSWORD: …"), and its value.</summary>
    [GeneratedRegex(@"([A-Za-z0-9_:]*(?:password|secret|token|passphrase)[A-Za-z0-9_]*)[ \t]*[=:][ \t]*(""[^""]*""|'[^']*'|\$\{[^}]*\}|[^\s,]+)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretSettingPattern();

    [GeneratedRegex(@"^\$\{[A-Za-z0-9_]+:\?[^}]+\}$")]
    private static partial Regex RequiredVariablePattern();

    [GeneratedRegex(@"--([A-Z][A-Za-z]+:[A-Za-z]+(?::\d+)?)=(\S+)")]
    private static partial Regex SettingPattern();
}
