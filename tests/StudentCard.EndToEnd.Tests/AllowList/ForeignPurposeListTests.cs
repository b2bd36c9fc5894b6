using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StudentCard.Core;
using StudentCard.Demo;
using StudentCard.Edge.AllowList;
using StudentCard.Edge.Reader;

namespace StudentCard.EndToEnd.Tests.AllowList;

/// <summary>
/// An agent only decides with a list Central says is its own purpose's: when Central's Hello names another reader type
/// (here, an agent set up as a library reader with a gate reader's credentials), the agent adopts nothing.
/// </summary>
public sealed class ForeignPurposeListTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-foreign-").FullName;
    private LocalSystem _system = null!;

    public async Task InitializeAsync() =>
        _system = await LocalSystem.StartAsync(DemoSchool.System(_directory) with { StudentCount = 20, ReaderIds = [] });

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private IHost Agent(LocalReader reader, IEnumerable<KeyValuePair<string, string?>>? extra = null) =>
        _system.BuildAgent(reader, "unused-fast-reader", extra, services => services.Replace(ServiceDescriptor.Singleton<ICardReader>(new FastCardReader())));

    [Fact]
    public async Task A_list_Central_registers_for_another_purpose_is_never_adopted()
    {
        var genuine = await _system.RegisterReaderAsync("library-1", ReaderType.Library);
        var misconfigured = await _system.RegisterReaderAsync("library-2", ReaderType.Library);
        var gate = await _system.RegisterReaderAsync("gate-2", ReaderType.Gate);
        using var control = Agent(genuine);
        using var foreign = Agent(misconfigured, new Dictionary<string, string?> { ["Edge:ReaderId"] = gate.ReaderId, ["Edge:ReaderSecret"] = gate.Secret });

        await foreign.StartAsync();
        await control.StartAsync();
        // The control agent, started after it, shows that a download has had time to happen.
        await Eventually.WaitAsync(() => control.Services.GetRequiredService<LocalAllowList>().Current.Version > 0, "the library agent to hold its list");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(0, foreign.Services.GetRequiredService<LocalAllowList>().Current.Version);
        await foreign.StopAsync();
        await control.StopAsync();
    }
}
