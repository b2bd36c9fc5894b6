using System.ComponentModel.DataAnnotations;

namespace StudentCard.Central.DataSubjects;

/// <summary>
/// The "DataSubjects" configuration section: the country whose age of digital consent applies
/// (GDPR Art. 8 lets each member state set it between 13 and 16; below it a guardian acts).
/// </summary>
public sealed class DataSubjectOptions : IValidatableObject
{
    public const string Section = "DataSubjects";

    public const int MinimumAge = 13;
    public const int MaximumAge = 16;

    /// <summary>ISO 3166-1 alpha-2 code of the controller's country; empty uses <see cref="DefaultAgeOfConsent"/>.</summary>
    public string Country { get; set; } = "";

    /// <summary>The age used when the country has no entry in <see cref="AgeOfConsentByCountry"/>.</summary>
    public int DefaultAgeOfConsent { get; set; } = 16;

    /// <summary>National ages of digital consent; configuration adds or overrides entries.</summary>
    public Dictionary<string, int> AgeOfConsentByCountry { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["FR"] = 15,
        ["BG"] = 14,
    };

    public int AgeOfConsent =>
        Country.Length > 0 && AgeOfConsentByCountry.TryGetValue(Country, out var age) ? age : DefaultAgeOfConsent;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Country.Length > 0 && (Country.Length != 2 || !Country.All(char.IsAsciiLetter)))
        {
            yield return new ValidationResult($"{Section}:{nameof(Country)} is '{Country}'; it must be an ISO 3166-1 alpha-2 code such as FR.", [nameof(Country)]);
        }
        if (DefaultAgeOfConsent is < MinimumAge or > MaximumAge)
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(DefaultAgeOfConsent)} is {DefaultAgeOfConsent}; GDPR Art. 8 allows {MinimumAge} to {MaximumAge}.", [nameof(DefaultAgeOfConsent)]);
        }
        foreach (var (country, age) in AgeOfConsentByCountry.Where(c => c.Value is < MinimumAge or > MaximumAge))
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(AgeOfConsentByCountry)}:{country} is {age}; GDPR Art. 8 allows {MinimumAge} to {MaximumAge}.", [nameof(AgeOfConsentByCountry)]);
        }
    }
}
