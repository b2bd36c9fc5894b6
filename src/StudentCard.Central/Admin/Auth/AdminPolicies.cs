using Microsoft.AspNetCore.Authorization;
using StudentCard.Central.Staff;

namespace StudentCard.Central.Admin.Auth;

/// <summary>
/// One authorization policy per kind of work, used alike by pages and the JSON API. Every policy
/// also refuses a sign-in whose password has expired until the password is changed.
/// </summary>
public static class AdminPolicies
{
    /// <summary>Passages of the person's own purpose (school admin: gate, transport admin: bus, librarian: library).</summary>
    public const string PassagesRead = "passages.read";

    /// <summary>Pseudonym → person, with a stated reason: school admins for their school's gate data, and the DPO.</summary>
    public const string Reidentify = "identity.reidentify";

    public const string AuditRead = "audit.read";

    /// <summary>Who is inside a site now (gate data): school admins.</summary>
    public const string RollCall = "gate.rollcall";

    /// <summary>Reader status, provisioning and revocation.</summary>
    public const string Readers = "readers.manage";

    /// <summary>OneRoster import into the vault: the operator, as for the CLI import, since a roster rewrites every school in it and a school admin acts for one school.</summary>
    public const string RosterImport = "roster.import";

    /// <summary>Data-subject requests (open, verify, export, erase): the DPO.</summary>
    public const string DataSubjects = "dsr.manage";

    /// <summary>The register of personal-data breaches (record, trace the pupils concerned, notify, decide, close): the DPO.</summary>
    public const string Breaches = "breaches.manage";

    /// <summary>A pupil's cards (report lost, revoke, issue at a desk): school admins, for their own school.</summary>
    public const string Cards = "cards.manage";

    /// <summary>A named pupil's passages, with a stated reason: school admins, for their own school's pupils at its sites.</summary>
    public const string PupilPassages = "passages.pupil";

    /// <summary>
    /// A pupil of the account's own school, found by name or number, with their rights, cards and recent gate refusals:
    /// school admins. Not the DPO, whose policies cover data-subject requests (where a pupil's whole record is exported)
    /// and the audit log, not a school's day-to-day look-ups; nor librarians or transport admins, who act for no school.
    /// </summary>
    public const string Pupils = "pupils.view";

    /// <summary>
    /// Lockdown, evacuation and lifting them at a site of the account's own school: school admins, who answer for their
    /// school's people. Not the operator: a site mode decides who may leave or enter a school, which is the school's
    /// call, and an operator (readers and keys) is tied to no school, so no site scope could bound what it commands.
    /// </summary>
    public const string SafetyCommand = "safety.command";

    /// <summary>
    /// The schools' calendar and places: school admins (their own school's sites and schedules), transport admins (bus
    /// routes), operators (everything, adding sites and giving them to schools); the calendar service checks which.
    /// </summary>
    public const string Calendar = "calendar.edit";

    /// <summary>
    /// Access rules of the account's own purpose: school admins the gate rules of their school, transport admins the bus
    /// rules, librarians the library rules (of their school when the account names one). The rule service checks the
    /// purpose and school of each rule, so page and API refuse alike.
    /// </summary>
    public const string Rules = "rules.manage";

    /// <summary>Staff accounts (add, disable, role and school, unlock, password reset): the operator, who is tied to no school.</summary>
    public const string Staff = "staff.manage";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(PassagesRead, Roles([StaffRole.SchoolAdmin, StaffRole.TransportAdmin, StaffRole.Librarian],
            policy => policy.RequireClaim(StaffClaims.Purpose)));
        options.AddPolicy(Reidentify, Roles([StaffRole.SchoolAdmin, StaffRole.Dpo]));
        options.AddPolicy(AuditRead, Roles([StaffRole.Dpo]));
        options.AddPolicy(RollCall, Roles([StaffRole.SchoolAdmin]));
        options.AddPolicy(Readers, Roles([StaffRole.Operator]));
        options.AddPolicy(RosterImport, Roles([StaffRole.Operator]));
        options.AddPolicy(DataSubjects, Roles([StaffRole.Dpo]));
        options.AddPolicy(Breaches, Roles([StaffRole.Dpo]));
        options.AddPolicy(Cards, Roles([StaffRole.SchoolAdmin], policy => policy.RequireClaim(StaffClaims.Scope)));
        options.AddPolicy(SafetyCommand, Roles([StaffRole.SchoolAdmin], policy => policy.RequireClaim(StaffClaims.Scope)));
        options.AddPolicy(Calendar, Roles([StaffRole.SchoolAdmin, StaffRole.TransportAdmin, StaffRole.Operator]));
        options.AddPolicy(Pupils, Roles([StaffRole.SchoolAdmin], policy => policy.RequireClaim(StaffClaims.Scope).RequireClaim(StaffClaims.Purpose)));
        options.AddPolicy(Rules, Roles([StaffRole.SchoolAdmin, StaffRole.TransportAdmin, StaffRole.Librarian],
            policy => policy.RequireClaim(StaffClaims.Purpose).RequireAssertion(context => context.User.Role() != StaffRole.SchoolAdmin || context.User.ScopeOf() is not null)));
        options.AddPolicy(Staff, Roles([StaffRole.Operator]));
        options.AddPolicy(PupilPassages, Roles([StaffRole.SchoolAdmin], policy => policy.RequireClaim(StaffClaims.Scope).RequireClaim(StaffClaims.Purpose)));
    }

    private static AuthorizationPolicy Roles(StaffRole[] roles, Action<AuthorizationPolicyBuilder>? more = null)
    {
        var builder = new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .RequireRole(roles.Select(r => r.ToString()))
            .RequireAssertion(context => !context.User.MustChangePassword());
        more?.Invoke(builder);
        return builder.Build();
    }
}
