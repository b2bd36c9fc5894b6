using Microsoft.Extensions.Options;
using StudentCard.Core.Rules;

namespace StudentCard.Central.AllowList;

/// <summary>The access policy Central applies and sends to readers, read once from <see cref="AccessOptions"/>.</summary>
public sealed class AccessPolicySource(IOptions<AccessOptions> options)
{
    private readonly Lazy<(AccessPolicy Policy, string Json)> _policy = new(() =>
    {
        var policy = options.Value.ToPolicy();
        return (policy, AccessPolicyJson.Serialize(policy));
    });

    public AccessPolicy Policy => _policy.Value.Policy;

    public string Json => _policy.Value.Json;

    public string Fingerprint => AccessPolicyJson.Fingerprint(Json);
}

/// <summary>Refuses to start with a policy that names unknown sites, time zones or malformed times.</summary>
public sealed class AccessOptionsValidation : IValidateOptions<AccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        try
        {
            var problems = options.ToPolicy().Problems();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => $"Access: {p}"));
        }
        catch (FormatException e)
        {
            return ValidateOptionsResult.Fail($"Access: {e.Message}");
        }
    }
}
