using System.CommandLine;
using StudentCard.Central.AllowList;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Vault;
using StudentCard.Core.Identifiers;

namespace StudentCard.Central.Cli;

/// <summary>
/// "cards enroll" (a pupil, their first card and purposes) and "cards revoke" (a lost or revoked card).
/// The card token is read from a file the enrollment desk wrote, never from the command line, where
/// it would show in process lists and shell history.
/// </summary>
public static class CardCommands
{
    public static Command Create()
    {
        var cards = new Command("cards", "Enroll pupils with their cards, and revoke cards.");
        cards.Subcommands.Add(Enroll());
        cards.Subcommands.Add(Revoke());
        return cards;
    }

    private static Command Enroll()
    {
        var number = Required("--student", "The pupil's student number.");
        var given = Required("--given-name", "Given name.");
        var family = Required("--family-name", "Family name.");
        var school = Required("--school", "School.");
        var className = Required("--class", "Class.");
        var birthYear = new Option<int>("--birth-year") { Description = "Birth year.", Required = true };
        var guardian = Required("--guardian-name", "Guardian's name.");
        var token = TokenFile();
        var grants = new Option<ReaderType[]>("--grant")
        {
            Description = "A purpose the card opens (repeat for several): gate, bus or library.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
            CustomParser = result => result.Tokens.Select(t =>
            {
                if (ReaderTypes.TryParse(t.Value, out var purpose))
                {
                    return purpose;
                }
                result.AddError($"'{t.Value}' is not a reader type; use gate, bus or library.");
                return default;
            }).ToArray(),
        };
        var from = new Option<DateTimeOffset>("--from") { Description = "Start of the grants (UTC).", Required = true };
        var until = new Option<DateTimeOffset>("--until") { Description = "End of the grants (UTC, exclusive).", Required = true };
        var enroll = new StoreCommand("enroll", "Enroll a pupil with their first card.") { number, given, family, school, className, birthYear, guardian, token, grants, from, until };
        enroll.SetStoreAction(async (parsed, services, cancellationToken) =>
        {
            var student = new NewStudent(parsed.GetValue(number)!, parsed.GetValue(given)!, parsed.GetValue(family)!, parsed.GetValue(school)!,
                parsed.GetValue(className)!, parsed.GetValue(birthYear), parsed.GetValue(guardian)!);
            var purposes = parsed.GetValue(grants)!.Select(p => new PurposeGrant(p, parsed.GetValue(from), parsed.GetValue(until))).ToList();
            await services.Get<EnrollmentService>().EnrollAsync(student, ReadToken(parsed.GetValue(token)!), purposes, cancellationToken);
            CliOptions.Out(parsed).WriteLine($"Enrolled one pupil with {purposes.Count} purposes. Start Central (or wait for its next check) so readers get the new allow-lists.");
            return CliExit.Ok;
        });
        return enroll;
    }

    private static Command Revoke()
    {
        var token = TokenFile();
        var status = new Option<CardStatus>("--status") { Description = "Lost or Revoked.", DefaultValueFactory = _ => CardStatus.Lost };
        var revoke = new StoreCommand("revoke", "Revoke a card: its entitlements go and readers drop it at their next allow-list.") { token, status };
        revoke.SetStoreAction(async (parsed, services, cancellationToken) =>
        {
            try
            {
                await services.Get<EnrollmentService>().RevokeCardAsync(ReadToken(parsed.GetValue(token)!), parsed.GetValue(status), cancellationToken);
            }
            catch (EnrollmentException e) when (e.Error == EnrollmentError.UnknownCard)
            {
                throw new CliFailure($"No enrolled card has the token in '{parsed.GetValue(token)}'; nothing was revoked. Check that the file holds the token the enrollment desk derived from this card.");
            }
            CliOptions.Out(parsed).WriteLine($"Revoked the card as {parsed.GetValue(status).ToString().ToLowerInvariant()}.");
            return CliExit.Ok;
        });
        return revoke;
    }

    private static Option<string> Required(string name, string description) => new(name) { Description = description, Required = true };

    private static Option<string> TokenFile() => new("--token-file")
    {
        Description = "A file holding the card token (32 hex characters) the enrollment desk derived from the card.",
        Required = true,
    };

    private static CardToken ReadToken(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliFailure($"No token file at '{path}'; write the card token the enrollment desk derived into it.");
        }
        var text = File.ReadAllText(path).Trim();
        return PurposePseudonym.IsWellFormed(text)
            ? new CardToken(text)
            : throw new CliFailure($"'{path}' does not hold a card token (32 lowercase hex characters); derive it again at the enrollment desk.");
    }
}
