using Grpc.Core;
using Microsoft.Extensions.Logging;
using StudentCard.Central.AllowList;
using StudentCard.Central.Messaging;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;
using StudentCard.Protos.V1;

namespace StudentCard.Central.ReaderApi;

/// <summary>The gRPC face of Central for edge agents; every call is scoped to the caller's own purpose.</summary>
internal sealed class ReaderLinkService(
    AllowListQueries allowLists,
    AccessPolicySource policy,
    AllowListSendStatistics sends,
    CommandSigner commands,
    ILogger<ReaderLinkService> logger) : Protos.V1.ReaderLink.ReaderLinkBase
{
    public const int DefaultPageSize = 5000;
    public const int MaxPageSize = 50_000;

    public override async Task<HelloReply> Hello(HelloRequest request, ServerCallContext context)
    {
        var reader = context.Reader();
        return new HelloReply
        {
            ReaderId = reader.Id,
            ReaderType = reader.Type.ToProto(),
            AllowListVersion = await allowLists.VersionAsync(reader.Type, context.CancellationToken),
            MqttTopicRoot = MqttTopics.Root,
            PolicyFingerprint = policy.Fingerprint,
            CommandKey = Google.Protobuf.ByteString.CopyFrom(commands.PublicKey),
        };
    }

    public override async Task GetAllowList(AllowListRequest request, IServerStreamWriter<AllowListPage> responseStream, ServerCallContext context)
    {
        var reader = context.Reader();
        var pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"page_size must be between 1 and {MaxPageSize} (0 means {DefaultPageSize})."));
        }
        if (await allowLists.ChangesAsync(reader.Type, request.HeldVersion, context.CancellationToken) is { } changes)
        {
            await SendChangesAsync(changes, pageSize, responseStream, context.CancellationToken);
            logger.LogInformation("Sent reader {ReaderId} the {Purpose} allow-list changes {BaseVersion} -> {Version}: {Upserts} entries, {Removed} removals",
                reader.Id, reader.Type.Name(), changes.BaseVersion, changes.Version, changes.Upserts.Count, changes.Removed.Count);
            return;
        }
        var snapshot = await allowLists.SnapshotAsync(reader.Type, context.CancellationToken);
        await SendPagesAsync(
            new AllowListPage { Version = snapshot.Version },
            snapshot.Entries.Select(ProtoMapping.ToProto).ToList(), [], pageSize, responseStream, context.CancellationToken);
        sends.FullListSent(snapshot.Entries.Count);
    }

    /// <summary>The changes since the agent's version: entries and removals share the pages.</summary>
    private async Task SendChangesAsync(AllowListChanges changes, int pageSize, IServerStreamWriter<AllowListPage> responseStream, CancellationToken cancellationToken)
    {
        var head = new AllowListPage { Version = changes.Version, Delta = true, BaseVersion = changes.BaseVersion, ListSize = changes.ListSize };
        await SendPagesAsync(head, changes.Upserts.Select(ProtoMapping.ToProto).ToList(), changes.Removed, pageSize, responseStream, cancellationToken);
        sends.DeltaSent(changes.Upserts.Count + changes.Removed.Count);
    }

    /// <summary>
    /// Entries, then removals, in pages of at most <paramref name="pageSize"/> together, each page a copy of
    /// <paramref name="head"/> with its place in the stream; the policy rides on the first. An empty list is
    /// still one page, so the agent learns the version.
    /// </summary>
    private async Task SendPagesAsync(
        AllowListPage head,
        IReadOnlyList<Protos.V1.AllowListEntry> entries,
        IReadOnlyList<string> removed,
        int pageSize,
        IServerStreamWriter<AllowListPage> responseStream,
        CancellationToken cancellationToken)
    {
        var total = entries.Count + removed.Count;
        var pageCount = Math.Max(1, (total + pageSize - 1) / pageSize);
        for (var index = 0; index < pageCount; index++)
        {
            var page = head.Clone();
            page.PageIndex = index;
            page.PageCount = pageCount;
            page.TotalEntries = total;
            page.PolicyJson = index == 0 ? policy.Json : "";
            var start = index * pageSize;
            var end = Math.Min(total, start + pageSize);
            for (var i = start; i < end; i++)
            {
                if (i < entries.Count)
                {
                    page.Entries.Add(entries[i]);
                }
                else
                {
                    page.Removed.Add(removed[i - entries.Count]);
                }
            }
            await responseStream.WriteAsync(page, cancellationToken);
        }
    }

    public override async Task<CheckCardReply> CheckCard(CheckCardRequest request, ServerCallContext context)
    {
        var reader = context.Reader();
        if (!PurposePseudonym.IsWellFormed(request.Pseudonym))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"pseudonym must be {PurposePseudonym.Length} lowercase hex characters."));
        }
        var place = new ReaderPlace(
            reader.Type,
            NullIfEmpty(request.Site),
            NullIfEmpty(request.Zone),
            NullIfEmpty(request.Route),
            (Core.Passages.Direction)(int)request.Direction);
        var (decision, entry, version) = await allowLists.CheckAsync(reader.Type, request.Pseudonym, place, context.CancellationToken);
        return new CheckCardReply
        {
            Decision = decision.Decision.ToProto(),
            Reason = decision.Reason.ToProto(),
            AllowListVersion = version,
            Entry = entry?.ToProto(),
        };
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
