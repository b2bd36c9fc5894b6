using System.CommandLine;
using System.Globalization;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.Vault;
using StudentCard.Core;

namespace StudentCard.Central.Cli;

/// <summary>
/// "dsr …": data-subject requests from receipt to answer — open, verify, extend, refuse, the answers
/// (export, erase, rectify, restrict, object) and the notification — and a list with deadlines.
/// Requests are named by their id only, never by the person.
/// </summary>
public static class DsrCommands
{
    public static Command Create()
    {
        var dsr = new Command("dsr", "Data-subject requests (GDPR Art. 15–21).");
        dsr.Subcommands.Add(Open());
        dsr.Subcommands.Add(Step("verify", "Record how the requester's identity (and a guardian's authority) was checked.",
            [Text("--method", "How identity was checked, e.g. \"ID card seen at the office\"."), Text("--by", "The staff account that checked it.")],
            async (services, id, values, output, cancellationToken) =>
            {
                var request = await services.Get<SubjectRequests>().VerifyAsync(id, values[0]!, values[1]!, cancellationToken);
                output.WriteLine($"Request {request.Id}: identity verified. Answer due {Date(request.DueAt)}.");
            }));
        dsr.Subcommands.Add(Extend());
        dsr.Subcommands.Add(Step("refuse", "Refuse a manifestly unfounded or excessive (e.g. repeated) request, with its reason.",
            [Text("--reason", "Why, as told to the person.")],
            async (services, id, values, output, cancellationToken) =>
            {
                await services.Get<SubjectRequests>().RefuseAsync(id, values[0]!, cancellationToken);
                output.WriteLine($"Request {id}: refused; tell the person the reason and that they may complain to the supervisory authority.");
            }));
        dsr.Subcommands.Add(Step("notify", "Record that the person was told of the rectification, erasure, restriction or objection carried out.",
            [Text("--channel", "How they were told, e.g. \"letter to the guardian\".")],
            async (services, id, values, output, cancellationToken) =>
            {
                var request = await services.Get<SubjectRequests>().NotifyAsync(id, values[0]!, cancellationToken);
                output.WriteLine($"Request {id}: notification recorded{(request.NotifiedAt > request.NotificationDueAt ? $", late (was due {Date(request.NotificationDueAt!.Value)})" : "")}.");
            }));
        dsr.Subcommands.Add(Export());
        dsr.Subcommands.Add(Step("erase", "Erase the pupil from the vault and every purpose store (kept-by-law records are listed).", [],
            async (services, id, _, output, cancellationToken) =>
            {
                var result = await services.Get<SubjectEraser>().EraseAsync(id, cancellationToken);
                output.WriteLine($"Request {id}: erased {result.Cards} cards, {result.Grants} grants, {result.Guardians} guardians, " +
                    $"{result.Entitlements.Values.Sum()} entitlements and {result.Passages.Values.Sum()} passages ({Purposes(result.Passages)}).");
                output.WriteLine("Kept by law:");
                foreach (var kept in result.Kept)
                {
                    output.WriteLine($"  - {kept.What}: {kept.Reason}; until {kept.Until}.");
                }
                if (!result.Checkpointed)
                {
                    throw new CliFailure($"Request {id}: the rows are deleted but a reader held the WAL checkpoint; run 'retention report' after stopping readers of the stores, or wait for the next retention sweep.");
                }
                output.WriteLine("Deleted rows are overwritten in the database files and the WAL is checkpointed. Tell the person within 5 days (dsr notify).");
            }));
        dsr.Subcommands.Add(Rectify());
        dsr.Subcommands.Add(Restrict());
        dsr.Subcommands.Add(Step("object", "Uphold an objection: the purpose's grant, entitlements and passages for the pupil are removed.", [],
            async (services, id, _, output, cancellationToken) =>
            {
                var request = await services.Get<SubjectActions>().ObjectAsync(id, cancellationToken);
                output.WriteLine($"Request {id}: {request.Outcome}. Tell the person within 5 days (dsr notify).");
            }));
        dsr.Subcommands.Add(List());
        return dsr;
    }

    private static Command Open()
    {
        var student = new Option<string>("--student") { Description = "The pupil's student number.", Required = true };
        var kind = new Option<RequestKind>("--kind") { Description = "access, portability, rectification, erasure, restriction or objection.", Required = true };
        var requester = new Option<RequesterRole>("--requester") { Description = "student, or guardian (below the age of digital consent a guardian acts).", Required = true };
        var guardian = new Option<string?>("--guardian") { Description = "The acting guardian's roster sourcedId, when the roster links them." };
        var purpose = CliOptions.Purpose("--purpose", required: false);
        var command = new StoreCommand("open", "Open a request; the answer is due in 30 days.") { student, kind, requester, guardian, purpose };
        command.SetStoreAction(async (parsed, services, cancellationToken) =>
        {
            ReaderType? objected = parsed.GetResult(purpose) is null ? null : parsed.GetValue(purpose);
            var request = await services.Get<SubjectRequests>().OpenAsync(parsed.GetValue(student)!, parsed.GetValue(kind), parsed.GetValue(requester),
                parsed.GetValue(guardian), objected, cancellationToken);
            CliOptions.Out(parsed).WriteLine($"Opened request {request.Id} ({SubjectRequests.Word(request.Kind)}); answer due {Date(request.DueAt)}. Next: dsr verify {request.Id}.");
            return CliExit.Ok;
        });
        return command;
    }

    private static Command Extend()
    {
        var days = new Option<int>("--days") { Description = "Further days (two months, 61 days, at most in all).", Required = true };
        var reason = Text("--reason", "Why (complexity or number of requests), as told to the person.");
        return Step("extend", "Extend the deadline by up to two months, with the reason; only within the first month.", [days, reason],
            async (services, id, values, output, cancellationToken) =>
            {
                var request = await services.Get<SubjectRequests>().ExtendAsync(id, int.Parse(values[0]!, CultureInfo.InvariantCulture), values[1]!, cancellationToken);
                output.WriteLine($"Request {id}: due {Date(request.DueAt)} ({request.ExtensionDays} days of extension). Tell the person the reason within the first month.");
            });
    }

    private static Command Export()
    {
        var outFile = new Option<string>("--out") { Description = "The JSON file to write (refused if it exists).", Required = true };
        return Step("export", "Answer an access or portability request with one JSON document.", [outFile],
            async (services, id, values, output, cancellationToken) =>
            {
                var path = values[0]!;
                if (File.Exists(path))
                {
                    throw new CliFailure($"'{path}' already exists; choose another --out file.");
                }
                var document = await services.Get<SubjectExporter>().ExportAsync(id, cancellationToken);
                await WriteOwnerOnlyAsync(path, SubjectExporter.ToJson(document), cancellationToken);
                output.WriteLine($"Request {id}: wrote the copy to '{path}' (owner-only); " +
                    (document.FreeCopy ? "the free copy of the year." : "a further copy this year, for which a reasonable fee may be charged."));
            });
    }

    private static Command Rectify()
    {
        var options = new Option[]
        {
            new Option<string?>("--given-name") { Description = "Corrected given name." },
            new Option<string?>("--family-name") { Description = "Corrected family name." },
            new Option<string?>("--school") { Description = "Corrected school." },
            new Option<string?>("--class") { Description = "Corrected class." },
            new Option<int?>("--birth-year") { Description = "Corrected birth year." },
            new Option<string?>("--guardian-name") { Description = "Corrected guardian name." },
        };
        return Step("rectify", "Correct the pupil's vault record.", options,
            async (services, id, values, output, cancellationToken) =>
            {
                var change = new Rectification(values[0], values[1], values[2], values[3],
                    values[4] is null ? null : int.Parse(values[4]!, CultureInfo.InvariantCulture), values[5]);
                var request = await services.Get<SubjectActions>().RectifyAsync(id, change, cancellationToken);
                output.WriteLine($"Request {id}: {request.Outcome}. Tell the person within 5 days (dsr notify).");
            });
    }

    private static Command Restrict()
    {
        var lift = new Option<bool>("--lift") { Description = "Lift the restriction this completed request set, restoring the entitlements." };
        return Step("restrict", "Restrict processing: entitlements suspended, data kept.", [lift],
            async (services, id, values, output, cancellationToken) =>
            {
                if (values[0] == bool.TrueString)
                {
                    var restored = await services.Get<SubjectActions>().LiftRestrictionAsync(id, cancellationToken);
                    output.WriteLine($"Request {id}: restriction lifted, {restored} entitlements restored.");
                    return;
                }
                var request = await services.Get<SubjectActions>().RestrictAsync(id, cancellationToken);
                output.WriteLine($"Request {id}: {request.Outcome}. Tell the person within 5 days (dsr notify).");
            });
    }

    private static Command List()
    {
        var all = new Option<bool>("--all") { Description = "Also list answered and refused requests." };
        var command = new StoreCommand("list", "Requests still open or awaiting their notification, with deadlines.") { all };
        command.SetStoreAction(async (parsed, services, cancellationToken) =>
        {
            var output = CliOptions.Out(parsed);
            var requests = await services.Get<SubjectRequests>().ListAsync(!parsed.GetValue(all), cancellationToken);
            var now = services.Get<TimeProvider>().GetUtcNow();
            output.WriteLine("id\tkind\trequester\tstatus\treceived\tdue\tnotify by\tnote");
            foreach (var r in requests)
            {
                var late = r.Status is RequestStatus.Received or RequestStatus.Verified && now > r.DueAt ? "OVERDUE"
                    : r.NotificationDueAt is { } due && r.NotifiedAt is null && now > due ? "NOTIFICATION OVERDUE"
                    : "";
                output.WriteLine(string.Join('\t', r.Id, SubjectRequests.Word(r.Kind), SubjectRequests.Word(r.Requester), SubjectRequests.Word(r.Status),
                    Date(r.ReceivedAt), Date(r.DueAt), r.NotificationDueAt is { } n ? Date(n) : "-", late));
            }
            output.WriteLine($"{requests.Count} requests.");
            return CliExit.Ok;
        });
        return command;
    }

    /// <summary>A step on one request: "dsr NAME ID [options]"; the options' values reach the action as text, in order.</summary>
    private static Command Step(string name, string description, Option[] options,
        Func<CliServices, long, string?[], TextWriter, CancellationToken, Task> action)
    {
        var id = new Argument<long>("id") { Description = "The request id (from dsr open or dsr list)." };
        var command = new StoreCommand(name, description) { id };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
        command.SetStoreAction(async (parsed, services, cancellationToken) =>
        {
            var values = options.Select(o => parsed.GetResult(o) is { } result && (result.Tokens.Count > 0 || o.ValueType == typeof(bool))
                ? Text(parsed, o)
                : null).ToArray();
            await action(services, parsed.GetValue(id), values, CliOptions.Out(parsed), cancellationToken);
            return CliExit.Ok;
        });
        return command;
    }

    private static string? Text(ParseResult parsed, Option option) => option switch
    {
        Option<string> text => parsed.GetValue(text),
        Option<int> number => parsed.GetValue(number).ToString(CultureInfo.InvariantCulture),
        Option<int?> number => parsed.GetValue(number)?.ToString(CultureInfo.InvariantCulture),
        Option<bool> flag => parsed.GetValue(flag).ToString(),
        _ => throw new InvalidOperationException($"Option {option.Name} has a type the dsr commands do not read."),
    };

    private static Option<string> Text(string name, string description) => new(name) { Description = description, Required = true };

    /// <summary>The copy holds a child's personal data: created new (never over another file), readable by its owner only.</summary>
    private static async Task WriteOwnerOnlyAsync(string path, string text, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyModes.File;
        }
        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(text.AsMemory(), cancellationToken);
    }

    private static string Purposes(IReadOnlyDictionary<ReaderType, int> counts) =>
        string.Join(", ", ReaderTypes.All.Select(p => $"{p.Name()} {counts.GetValueOrDefault(p)}"));

    private static string Date(DateTimeOffset value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
