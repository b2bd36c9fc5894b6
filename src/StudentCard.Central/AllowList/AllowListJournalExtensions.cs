using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace StudentCard.Central.AllowList;

/// <summary>Wires the journal of entitlement changes: its options, its pruner and the send counters of GetAllowList.</summary>
public static class AllowListJournalExtensions
{
    public static void AddAllowListJournal(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AllowListJournalOptions>().BindConfiguration(AllowListJournalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AllowListSendStatistics>();
        builder.Services.AddSingleton<AllowListJournalPruner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AllowListJournalPruner>());
    }
}
