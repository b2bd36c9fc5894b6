namespace StudentCard.Central.ReaderAccounts;

/// <summary>Where the admin API takes a reader's revocation, for Central's endpoint and the "readers revoke" command line alike.</summary>
public static class ReaderRoutes
{
    public const string Revoke = "/api/readers/{id}/revoke";

    public static string RevokeOf(string readerId) => $"/api/readers/{Uri.EscapeDataString(readerId)}/revoke";
}

/// <summary>Why a reader is revoked, for the audit log.</summary>
public sealed record ReaderRevokeRequest(string? Reason);

/// <summary>The reader revoked.</summary>
public sealed record ReaderRevokeResponse(string Reader);
