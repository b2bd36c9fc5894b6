using Microsoft.AspNetCore.Builder;
using StudentCard.Central.Staff;

namespace StudentCard.Demo;

/// <summary>
/// One admin UI account per role for the demo, each with a freshly generated password that the demo
/// prints once at start. No fixed or default password exists anywhere; outside the demo accounts come
/// from the "staff add" command.
/// </summary>
public static class DemoStaff
{
    public static async Task<IReadOnlyList<(string User, StaffRole Role, string Password)>> CreateAsync(WebApplication central, string school, CancellationToken ct = default)
    {
        var staff = central.Services.GetRequiredService<StaffDirectory>();
        var accounts = new List<(string, StaffRole, string)>();
        foreach (var role in Enum.GetValues<StaffRole>())
        {
            var user = $"demo-{role.Name()}";
            var generated = await staff.CreateAsync("demo", user, $"Demo {role.Name()}", role, role.NeedsSchool() ? school : null, "one demo account per role", ct);
            // The first password is a handover that must be changed; the demo does that handover itself.
            var password = GeneratedPassword.New();
            await staff.ChangePasswordAsync(user, generated, password, ct);
            accounts.Add((user, role, password));
        }
        return accounts;
    }
}
