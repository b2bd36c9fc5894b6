using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace StudentCard.Edge.Reader;

/// <summary>Checks <see cref="ReaderOptions"/>' DataAnnotations and cross-field rules, for ValidateOnStart without an extra package.</summary>
public sealed class ReaderOptionsValidator : IValidateOptions<ReaderOptions>
{
    public ValidateOptionsResult Validate(string? name, ReaderOptions options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }
        return ValidateOptionsResult.Fail(results.Select(r => r.ErrorMessage ?? $"Invalid setting: {string.Join(", ", r.MemberNames)}"));
    }
}
