using StudentCard.FirmwareSim.Cli;

var options = CliOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(CliOptions.Usage);
    return 2;
}

return await SimulatorHost.RunAsync(options);
