using System.CommandLine;
using StudentCard.Central.AllowList;
using StudentCard.Central.Audit;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Rights;
using StudentCard.Central.Vault;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;

namespace StudentCard.Central.Cli;

/// <summary>
/// "cards enroll" (a pupil and their first card, and with --grant purposes given through the pupil's own access rule; a
/// maintenance command run while Central is stopped, which derives the pupil's rights before it ends) and "cards revoke"
/// (a lost or revoked card, through the running Central's admin API as a school admin of the pupil's school). The
/// enrollment's card token is read from a file the enrollment desk wrote, never from the command line, where it would
/// show in process lists and shell history.
/// </summary>
public static class CardCommands
{
    public static Command Create(CliInput input)
    {
        var cards = new Command("cards", "Enroll pupils with their cards, and revoke cards.");
        cards.Subcommands.Add(Enroll());
        cards.Subcommands.Add(Revoke(input));
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
            Description = "A purpose to give the pupil through their own access rule (repeat for several): gate, bus or library.",
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
        var from = new Option<DateTimeOffset?>("--from") { Description = "Start of the rights given with --grant (UTC)." };
        var until = new Option<DateTimeOffset?>("--until") { Description = "End of the rights given with --grant (UTC, exclusive)." };
        var enroll = new StoreCommand("enroll",
            "Enroll a pupil with their first card while Central is stopped; --grant gives purposes through the pupil's own access rule. With Central running, enroll at the enrollment desk.",
            centralStopped: true)
        {
            number, given, family, school, className, birthYear, guardian, token, grants, from, until,
        };
        enroll.Validators.Add(result =>
        {
            // Whether each was given, not its value: a malformed value is reported by its own parser.
            var giving = result.GetResult(grants) is not null;
            if (giving != (result.GetResult(from) is not null) || giving != (result.GetResult(until) is not null))
            {
                result.AddError("--grant, --from and --until go together: the purposes and the period they are given for.");
            }
        });
        enroll.SetStoreAction(async (parsed, services, cancellationToken) =>
        {
            var student = new NewStudent(parsed.GetValue(number)!, parsed.GetValue(given)!, parsed.GetValue(family)!, parsed.GetValue(school)!,
                parsed.GetValue(className)!, parsed.GetValue(birthYear), parsed.GetValue(guardian)!);
            var purposes = (parsed.GetValue(grants) ?? []).Select(p => new PurposeGrant(p, parsed.GetValue(from)!.Value, parsed.GetValue(until)!.Value)).ToList();
            if (parsed.GetValue(until) <= parsed.GetValue(from))
            {
                throw new CliFailure("--until must be after --from. Nothing was changed.");
            }
            var card = ReadToken(parsed.GetValue(token)!);
            // Checked before the enrollment, so a purpose that cannot be given leaves the pupil unenrolled.
            if (purposes.FirstOrDefault(p => !services.Get<KeyRing>().Holds(p.Purpose)) is { } unkeyed)
            {
                throw new CliFailure($"Central holds no {unkeyed.Purpose.Name()} key, so it cannot give that purpose. Nothing was changed.");
            }
            await services.Get<EnrollmentService>().EnrollAsync(student, card, cancellationToken);
            await services.Get<RuleService>().GivePupilsAsync(Operator, [.. purposes.Select(p => new PupilRight(student.StudentNumber, p))],
                "given at enrollment (cards enroll)", cancellationToken);
            CliOptions.Out(parsed).WriteLine(purposes.Count == 0
                ? "Enrolled one pupil; their card opens what the access rules of their school, grade and class give."
                : $"Enrolled one pupil; {purposes.Count} purposes given through the rule '{AccessRule.PupilRuleName(student.StudentNumber)}'. Readers get the new allow-lists when Central starts.");
            return CliExit.Ok;
        });
        return enroll;
    }

    private static Command Revoke(CliInput input)
    {
        var student = Required("--student", "The pupil's student number (a pupil of the account's school).");
        var card = new Option<long?>("--card") { Description = "The card's id on the Cards page; needed only when the pupil has more than one issued card." };
        var status = new Option<CardStatus>("--status")
        {
            Description = "lost (the default) or revoked.",
            DefaultValueFactory = _ => CardStatus.Lost,
            CustomParser = result =>
            {
                var word = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (CardRevokeRequest.TryStatus(word, out var parsed))
                {
                    return parsed;
                }
                result.AddError($"'{word}' is not a card status to revoke with; use lost or revoked.");
                return CardStatus.Lost;
            },
        };
        var reason = CliOptions.Text("--reason", "Why, for the audit log (no pupil names); at least 5 characters.", AuditLog.MaxReasonLength - 100);
        var revoke = new AdminApiCommand("revoke", "Report a pupil's card lost or revoke it, through the running Central: the readers drop it within seconds.",
            input, "a school admin of the pupil's school", "card changes (school admins of the pupil's school do)") { student, card, status, reason };
        revoke.SetApiAction(async (parsed, central, cancellationToken) =>
        {
            var request = new CardRevokeRequest(parsed.GetValue(student), parsed.GetValue(card), CardRevokeRequest.Word(parsed.GetValue(status)), parsed.GetValue(reason));
            var done = await central.PostAsync<CardRevokeResponse>(CardRoutes.Revoke, request, cancellationToken);
            CliOptions.Out(parsed).WriteLine($"Card {done.Card} of pupil {parsed.GetValue(student)!.Trim()} is {done.Status}; Central sends the readers their new allow-lists now.");
            return CliExit.Ok;
        });
        return revoke;
    }

    /// <summary>Who rights given on the command line are recorded under, as the enrollment's audit entry names it.</summary>
    private static readonly RuleEditor Operator = RuleEditor.System("operator");

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
