namespace StudentCard.Central.Admin;

/// <summary>Serves the admin UI's one stylesheet from the assembly, so it is there whichever program hosts Central.</summary>
public static class AdminStylesheet
{
    public const string Path = "/admin.css";
    private const string ResourceName = "StudentCard.Central.Admin.admin.css";

    private static readonly Lazy<byte[]> Content = new(() =>
    {
        using var stream = typeof(AdminStylesheet).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static void MapAdminStylesheet(this WebApplication app) =>
        app.MapGet(Path, () => Results.Bytes(Content.Value, "text/css; charset=utf-8")).AllowAnonymous();
}
