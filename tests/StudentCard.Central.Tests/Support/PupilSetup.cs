using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.AllowList;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Rights;
using StudentCard.Central.StartupProvisioning;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.Tests.Support;

/// <summary>
/// Pupils set up as a school sets them up: enrolled with their cards, then given rights through their own access rules
/// (<see cref="RuleService.GivePupilsAsync"/>), each rule audited and the pupils' rights derived.
/// </summary>
public static class PupilSetup
{
    /// <summary>Enrolls <paramref name="pupils"/> in one batch, then gives each of them <paramref name="rights"/>.</summary>
    public static async Task EnrollAsync(this IServiceProvider services, IEnumerable<SyntheticStudent> pupils, params PurposeGrant[] rights)
    {
        var list = pupils.ToList();
        var keys = services.GetRequiredService<KeyRing>();
        await services.GetRequiredService<EnrollmentService>().EnrollManyAsync([.. list.Select(p => Roster.Enrollee(p, keys))]);
        await services.GiveAsync(list, rights);
    }

    /// <summary>Gives each of <paramref name="pupils"/> <paramref name="rights"/> through their own rules.</summary>
    public static Task GiveAsync(this IServiceProvider services, IEnumerable<SyntheticStudent> pupils, params PurposeGrant[] rights) =>
        services.GiveAsync([.. pupils.SelectMany(p => rights.Select(r => (p, r)))]);

    /// <summary>Gives each pupil their right through their own rule, in one change.</summary>
    public static Task GiveAsync(this IServiceProvider services, IReadOnlyCollection<(SyntheticStudent Pupil, PurposeGrant Right)> rights) =>
        services.GetRequiredService<RuleService>().GivePupilsAsync(SyntheticEnrollment.Office, [.. rights.Select(r => new PupilRight(r.Pupil.StudentNumber, r.Right))], "pupils' rights");
}
