using Microsoft.Extensions.Hosting;
using StudentCard.Central.AllowList;

namespace StudentCard.Central.Calendar;

/// <summary>Loads the calendar in force (or seeds it from the settings) after the purpose store is migrated and before anything reads it.</summary>
public sealed class CalendarStartup(AccessPolicySource source) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => source.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
