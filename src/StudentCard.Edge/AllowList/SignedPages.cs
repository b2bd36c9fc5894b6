using System.Security.Cryptography;
using Google.Protobuf;
using StudentCard.Core.Messaging;
using StudentCard.Edge.Link;

namespace StudentCard.Edge.AllowList;

/// <summary>
/// An allow-list page is used only when Central signed it for this reader's purpose: its signature field holds Central's
/// signed envelope of the SHA-256 of the page as serialized without it. Anything else (no signature, another key, another
/// purpose's page, an entry changed on the way) is an <see cref="InvalidDataException"/>, so nothing of the download is
/// put in force and the list held stays.
/// </summary>
internal static class SignedPages
{
    public static void Check(Protos.V1.AllowListPage page, Core.ReaderType purpose, CommandVerifier commands)
    {
        var signature = page.Signature;
        page.Signature = ByteString.Empty;
        var digest = SHA256.HashData(page.ToByteArray());
        if (!commands.TryOpen(MqttTopics.AllowListPages(purpose), signature.Span, out var command))
        {
            throw new InvalidDataException($"Allow-list page {page.PageIndex} of version {page.Version} does not carry Central's signature.");
        }
        if (!CryptographicOperations.FixedTimeEquals(digest, command.Payload))
        {
            commands.CountRefusal();
            throw new InvalidDataException($"Allow-list page {page.PageIndex} of version {page.Version} is not the page Central signed.");
        }
    }
}
