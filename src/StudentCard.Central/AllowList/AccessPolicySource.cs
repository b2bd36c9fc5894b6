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
