using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StudentCard.Core.Rules;

/// <summary>The one JSON form of an <see cref="AccessPolicy"/>, as Central sends it with the allow-list and agents keep it on disk.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(AccessPolicy))]
public sealed partial class AccessPolicyJson : JsonSerializerContext
{
    public static string Serialize(AccessPolicy policy) => JsonSerializer.Serialize(policy, Default.AccessPolicy);

    /// <summary>Reads a policy; anything unreadable or inconsistent is an <see cref="InvalidDataException"/> naming the problem.</summary>
    public static AccessPolicy Parse(string json)
    {
        AccessPolicy? policy;
        try
        {
            policy = JsonSerializer.Deserialize(json, Default.AccessPolicy);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The access policy is not valid JSON: {e.Message}");
        }
        if (policy is null)
        {
            throw new InvalidDataException("The access policy is empty.");
        }
        var problems = policy.Problems();
        if (problems.Count > 0)
        {
            throw new InvalidDataException("The access policy is inconsistent: " + string.Join("; ", problems));
        }
        return policy;
    }

    /// <summary>A short fingerprint, so an agent can tell a changed policy without downloading the allow-list.</summary>
    public static string Fingerprint(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16];
}
