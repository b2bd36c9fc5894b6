using System.CommandLine;
using System.Globalization;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.Vault;
using StudentCard.Core;

namespace StudentCard.Central.Cli;

/// <summary>
/// "dsr …": data-subject requests from receipt to answer — open, verify, extend, refuse, the answers (export, erase,
/// rectify, restrict, object) and the notification — through the running Central's admin API as the DPO, with the admin
/// page's checks (what cannot be undone needs --confirm with the request number); and a list with deadlines, read from
/// the store. Requests are named by their id only, never by the person.
/// </summary>
public static class DsrCommands
{
    private const string Who = "the DPO";
    private const string Forbidden = "data-subject requests (the DPO does)";

    public static Command Create(CliInput input)
    {
        var dsr = new Command("dsr", "Data-subject requests (GDPR Art. 15–21).");
        dsr.Subcommands.Add(Open(input));
        var method = Text("--method", "How identity was checked, e.g. \"ID card seen at the office\".");
        dsr.Subcommands.Add(Step(input, "verify", "Record how the requester's identity (and a guardian's authority) was checked; the account signed in is on record as having checked it.",
            [method], parsed => new DsrStep(Method: parsed.GetValue(method)),
            async (central, id, body, output, cancellationToken) =>
            {
                var request = await central.PostAsync<DsrAnswer>(DsrRoutes.StepPath(id, "verify"), body, cancellationToken);
                output.WriteLine($"Request {request.Id}: identity verified. Answer due {Date(request.DueAt)}.");
            }));
        dsr.Subcommands.Add(Extend(input));
        var refuseReason = Text("--reason", "Why, as told to the person.");
        var refuseConfirm = Confirm();
        dsr.Subcommands.Add(Step(input, "refuse", "Refuse a manifestly unfounded or excessive (e.g. repeated) request, with its reason.",
            [refuseReason, refuseConfirm], parsed => new DsrStep(Reason: parsed.GetValue(refuseReason), Confirmation: parsed.GetValue(refuseConfirm)),
            async (central, id, body, output, cancellationToken) =>
            {
                await central.PostAsync<DsrAnswer>(DsrRoutes.StepPath(id, "refuse"), body, cancellationToken);
                output.WriteLine($"Request {id}: refused; tell the person the reason and that they may complain to the supervisory authority.");
            }));
        var channel = Text("--channel", "How they were told, e.g. \"letter to the guardian\".");
        dsr.Subcommands.Add(Step(input, "notify", "Record that the person was told of the rectification, erasure, restriction or objection carried out.",
            [channel], parsed => new DsrStep(Channel: parsed.GetValue(channel)),
            async (central, id, body, output, cancellationToken) =>
            {
                var request = await central.PostAsync<DsrAnswer>(DsrRoutes.StepPath(id, "notify"), body, cancellationToken);
                output.WriteLine($"Request {id}: notification recorded{(request.NotifiedAt > request.NotificationDueAt ? $", late (was due {Date(request.NotificationDueAt!.Value)})" : "")}.");
            }));
        dsr.Subcommands.Add(Export(input));
        var eraseConfirm = Confirm();
        dsr.Subcommands.Add(Step(input, "erase", "Erase the pupil from the vault and every purpose store (kept-by-law records are listed).",
            [eraseConfirm], parsed => new DsrStep(Confirmation: parsed.GetValue(eraseConfirm)),
            async (central, id, body, output, cancellationToken) =>
            {
                var result = await central.PostAsync<ErasureResult>(DsrRoutes.StepPath(id, "erase"), body, cancellationToken);
                output.WriteLine($"Request {id}: erased {result.Cards} cards, {result.Grants} grants, {result.Guardians} guardians, " +
                    $"{result.Entitlements.Values.Sum()} entitlements and {result.Passages.Values.Sum()} passages ({Purposes(result.Passages)}).");
                output.WriteLine("Kept by law:");
                foreach (var kept in result.Kept)
                {
                    output.WriteLine($"  - {kept.What}: {kept.Reason}; until {kept.Until}.");
                }
                if (!result.Checkpointed)
                {
                    throw new CliFailure($"Request {id}: the rows are deleted but a reader of the stores held the WAL checkpoint; the next retention sweep overwrites them.");
                }
                output.WriteLine("Deleted rows are overwritten in the database files and the WAL is checkpointed. Tell the person within 5 days (dsr notify).");
            }));
        dsr.Subcommands.Add(Rectify(input));
        dsr.Subcommands.Add(Restrict(input));
        var objectConfirm = Confirm();
        dsr.Subcommands.Add(Step(input, "object", "Uphold an objection: the purpose's grant, entitlements and passages for the pupil are removed.",
            [objectConfirm], parsed => new DsrStep(Confirmation: parsed.GetValue(objectConfirm)),
            async (central, id, body, output, cancellationToken) =>
            {
                var request = await central.PostAsync<DsrAnswer>(DsrRoutes.StepPath(id, "object"), body, cancellationToken);
                output.WriteLine($"Request {id}: {request.Outcome}. Tell the person within 5 days (dsr notify).");
            }));
        dsr.Subcommands.Add(List());
        return dsr;
    }

    private static Command Open(CliInput input)
    {
        var student = new Option<string>("--student") { Description = "The pupil's student number.", Required = true };
        var kind = new Option<RequestKind>("--kind") { Description = "access, portability, rectification, erasure, restriction or objection.", Required = true };
        var requester = new Option<RequesterRole>("--requester") { Description = "student, or guardian (below the age of digital consent a guardian acts).", Required = true };
        var guardian = new Option<string?>("--guardian") { Description = "The acting guardian's roster sourcedId, when the roster links them." };
        var purpose = CliOptions.Purpose("--purpose", required: false);
        var command = new AdminApiCommand("open", "Open a request; the answer is due in 30 days.", input, Who, Forbidden) { student, kind, requester, guardian, purpose };
        command.SetApiAction(async (parsed, central, cancellationToken) =>
        {
            var objected = parsed.GetResult(purpose) is null ? null : parsed.GetValue(purpose).Name();
            var body = new DsrOpenRequest(parsed.GetValue(student), SubjectRequests.Word(parsed.GetValue(kind)), SubjectRequests.Word(parsed.GetValue(requester)),
                parsed.GetValue(guardian), objected);
            var request = await central.PostAsync<DsrAnswer>(DsrRoutes.Requests, body, cancellationToken);
            CliOptions.Out(parsed).WriteLine($"Opened request {request.Id} ({request.Kind}); answer due {Date(request.DueAt)}. Next: dsr verify {request.Id}.");
            return CliExit.Ok;
        });
        return command;
    }

    private static Command Extend(CliInput input)
    {
        var days = new Option<int>("--days") { Description = "Further days (two months, 61 days, at most in all).", Required = true };
        var reason = Text("--reason", "Why (complexity or number of requests), as told to the person.");
        return Step(input, "extend", "Extend the deadline by up to two months, with the reason; only within the first month.", [days, reason],
            parsed => new DsrStep(Days: parsed.GetValue(days), Reason: parsed.GetValue(reason)),
            async (central, id, body, output, cancellationToken) =>
            {
                var request = await central.PostAsync<DsrAnswer>(DsrRoutes.StepPath(id, "extend"), body, cancellationToken);
                output.WriteLine($"Request {id}: due {Date(request.DueAt)} ({request.ExtensionDays} days of extension). Tell the person the reason within the first month.");
            });
    }

    private static Command Export(CliInput input)
    {
        var outFile = new Option<string>("--out") { Description = "The JSON file to write (refused if it exists).", Required = true };
        return Step(input, "export", "Answer an access or portability request with one JSON document.", [outFile], _ => new DsrStep(),
            async (central, id, body, output, cancellationToken) =>
            {
                var path = output.Path;
                if (File.Exists(path))
                {
                    throw new CliFailure($"'{path}' already exists; choose another --out file.");
                }
                var copy = await central.PostAsync<DsrExport>(DsrRoutes.StepPath(id, "export"), body, cancellationToken);
                await WriteOwnerOnlyAsync(path, copy.Json, cancellationToken);
                output.WriteLine($"Request {id}: wrote the copy to '{path}' (owner-only); " +
                    (copy.FreeCopy ? "the free copy of the year." : "a further copy this year, for which a reasonable fee may be charged."));
            }, outFile);
    }

    private static Command Rectify(CliInput input)
    {
        var given = new Option<string?>("--given-name") { Description = "Corrected given name." };
        var family = new Option<string?>("--family-name") { Description = "Corrected family name." };
        var school = new Option<string?>("--school") { Description = "Corrected school." };
        var className = new Option<string?>("--class") { Description = "Corrected class." };
        var birthYear = new Option<int?>("--birth-year") { Description = "Corrected birth year." };
        var guardian = new Option<string?>("--guardian-name") { Description = "Corrected guardian name." };
        return Step(input, "rectify", "Correct the pupil's vault record.", [given, family, school, className, birthYear, guardian],
            parsed => new DsrStep(GivenName: parsed.GetValue(given), FamilyName: parsed.GetValue(family), School: parsed.GetValue(school),
                ClassName: parsed.GetValue(className), BirthYear: parsed.GetValue(birthYear), GuardianName: parsed.GetValue(guardian)),
            async (central, id, body, output, cancellationToken) =>
            {
                var request = await central.PostAsync<DsrAnswer>(DsrRoutes.StepPath(id, "rectify"), body, cancellationToken);
                output.WriteLine($"Request {id}: {request.Outcome}. Tell the person within 5 days (dsr notify).");
            });
    }

    private static Command Restrict(CliInput input)
    {
        var lift = new Option<bool>("--lift") { Description = "Lift the restriction this completed request set, restoring the entitlements." };
        return Step(input, "restrict", "Restrict processing: entitlements suspended, data kept.", [lift], _ => new DsrStep(),
            async (central, id, body, output, cancellationToken) =>
            {
                if (output.Lift)
                {
                    var lifted = await central.PostAsync<DsrLifted>(DsrRoutes.StepPath(id, "lift"), body, cancellationToken);
                    output.WriteLine($"Request {id}: restriction lifted, {lifted.Restored} entitlements restored.");
                    return;
                }
                var request = await central.PostAsync<DsrAnswer>(DsrRoutes.StepPath(id, "restrict"), body, cancellationToken);
                output.WriteLine($"Request {id}: {request.Outcome}. Tell the person within 5 days (dsr notify).");
            }, flag: lift);
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

    /// <summary>
    /// A step on one request through the admin API: "dsr NAME ID [options] --account A"; <paramref name="body"/> makes the
    /// step's fields from the options, and <paramref name="action"/> sends them and says what came of it.
    /// </summary>
    private static Command Step(CliInput input, string name, string description, Option[] options, Func<ParseResult, DsrStep> body,
        Func<AdminApiClient, long, DsrStep, StepOutput, CancellationToken, Task> action, Option<string>? path = null, Option<bool>? flag = null)
    {
        var id = new Argument<long>("id") { Description = "The request id (from dsr open or dsr list)." };
        var command = new AdminApiCommand(name, description, input, Who, Forbidden) { id };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
        command.SetApiAction(async (parsed, central, cancellationToken) =>
        {
            var output = new StepOutput(CliOptions.Out(parsed), path is null ? "" : parsed.GetValue(path)!, flag is not null && parsed.GetValue(flag));
            await action(central, parsed.GetValue(id), body(parsed), output, cancellationToken);
            return CliExit.Ok;
        });
        return command;
    }

    /// <summary>Where a step writes what it did, with the file (export) or the switch (restrict --lift) its options gave.</summary>
    private sealed class StepOutput(TextWriter output, string path, bool lift)
    {
        public string Path { get; } = path;

        public bool Lift { get; } = lift;

        public void WriteLine(string line) => output.WriteLine(line);
    }

    private static Option<string> Text(string name, string description) => new(name) { Description = description, Required = true };

    /// <summary>What cannot be undone is confirmed by typing the request number again, as on the admin page.</summary>
    private static Option<string> Confirm() => new("--confirm") { Description = "The request id again, to confirm: this cannot be undone.", Required = true };

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
