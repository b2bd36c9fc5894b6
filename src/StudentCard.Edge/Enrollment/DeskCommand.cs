using Grpc.Core;
using Microsoft.Extensions.Options;
using StudentCard.Protos.V1;

namespace StudentCard.Edge.Enrollment;

/// <summary>
/// The staff member's side of a desk: "desk open --student NUMBER [--reissue true] --settings desk.json"
/// opens a pending enrollment at this desk (the desk's next tap binds its card), "desk cancel" drops it.
/// It uses the desk's own credentials from the same settings file as the desk agent.
/// </summary>
public static class DeskCommand
{
    private const string Usage =
        "usage: desk open --student NUMBER [--reissue true] --settings desk.json\n" +
        "       desk cancel --settings desk.json";

    public static bool Handles(string[] args) => args.Length > 0 && args[0] == "desk";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var verb = args.ElementAtOrDefault(1);
        if (verb is not ("open" or "cancel"))
        {
            error.WriteLine(Usage);
            return 2;
        }
        var configuration = new ConfigurationBuilder().AddCommandLine(args.Skip(2).ToArray()).Build();
        var settingsFile = configuration["settings"];
        if (string.IsNullOrEmpty(settingsFile) || !File.Exists(settingsFile))
        {
            error.WriteLine($"The desk settings file '{settingsFile}' does not exist.\n{Usage}");
            return 2;
        }
        var desk = new DeskOptions();
        new ConfigurationBuilder()
            .AddJsonFile(Path.GetFullPath(settingsFile), optional: false)
            .AddEnvironmentVariables("STUDENTCARD_")
            .Build()
            .GetSection(DeskOptions.Section)
            .Bind(desk);
        using var client = new DeskClient(Options.Create(desk));
        try
        {
            if (verb == "cancel")
            {
                var cancelled = await client.Desk.CancelEnrollmentAsync(new CancelEnrollmentRequest(), client.Call(CancellationToken.None, TimeSpan.FromSeconds(10)));
                output.WriteLine(cancelled.Cancelled ? $"The pending enrollment at desk {desk.DeskId} is cancelled." : $"No enrollment was pending at desk {desk.DeskId}.");
                return 0;
            }
            var student = configuration["student"];
            if (string.IsNullOrWhiteSpace(student))
            {
                error.WriteLine($"Missing --student.\n{Usage}");
                return 2;
            }
            var reissue = configuration["reissue"] is { } value && bool.TryParse(value, out var parsed) && parsed;
            var reply = await client.Desk.OpenEnrollmentAsync(
                new OpenEnrollmentRequest { StudentNumber = student, Kind = reissue ? EnrollmentKind.Reissue : EnrollmentKind.FirstCard },
                client.Call(CancellationToken.None, TimeSpan.FromSeconds(10)));
            output.WriteLine($"Enrollment open at desk {desk.DeskId} until {reply.ExpiresAt.ToDateTimeOffset():HH:mm:ss} UTC: tap the card on the desk reader.");
            return 0;
        }
        catch (RpcException e)
        {
            error.WriteLine($"Central refused ({e.StatusCode}): {e.Status.Detail}");
            return 1;
        }
    }
}
