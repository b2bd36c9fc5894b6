using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace StudentCard.Core.Identifiers;

/// <summary>
/// The one spelling of reader, desk, site and zone names: 1-64 of a-z, 0-9 and '-', starting with a
/// letter or digit. Such a name is safe as an MQTT topic level and as a path segment. Nothing else
/// matches, not even a name with a trailing line break.
/// </summary>
public static partial class Identifier
{
    public const string Rule = "1-64 of a-z, 0-9 and '-', starting with a letter or digit";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>The name itself, or a <see cref="FormatException"/> that says what a <paramref name="what"/> must be.</summary>
    public static string Require(string? name, string what) =>
        IsValid(name) ? name! : throw new FormatException($"'{name}' is not a {what}: use {Rule}.");

    // \A and \z: '$' would also match before a final line break.
    [GeneratedRegex(@"\A[a-z0-9][a-z0-9-]{0,63}\z")]
    private static partial Regex Pattern();
}

/// <summary>Validates a setting as an <see cref="Identifier"/>; the message names the setting and the rule.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class IdentifierAttribute(string? setting = null) : ValidationAttribute
{
    /// <summary>Absent values are left to [Required].</summary>
    public override bool IsValid(object? value) => value is null || (value is string name && Identifier.IsValid(name));

    public override string FormatErrorMessage(string name) => $"{setting ?? name} must be {Identifier.Rule}.";
}
