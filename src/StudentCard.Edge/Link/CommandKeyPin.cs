using System.Security.Cryptography;
using Grpc.Core;
using Microsoft.Extensions.Options;
using StudentCard.Core.Messaging;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.Link;

/// <summary>
/// Central's command-signing public key as this agent pinned it (central-command-key.pem in the data directory):
/// learnt once from the Hello answer of the reader's authenticated gRPC call, then never replaced by one that Central
/// or anyone else sends later. A pin file that cannot be read fails the start rather than being pinned over.
/// </summary>
public sealed class CommandKeyPin
{
    public const string FileName = "central-command-key.pem";
    private const string PemLabel = "PUBLIC KEY";

    private readonly EdgeOptions _edge;
    private readonly ILogger<CommandKeyPin> _logger;
    private readonly SemaphoreSlim _pinning = new(1, 1);
    private CommandVerifyingKey? _key;

    public CommandKeyPin(IOptions<EdgeOptions> options, ILogger<CommandKeyPin> logger)
    {
        _edge = options.Value;
        _logger = logger;
        Path = System.IO.Path.Combine(_edge.DataDirectory, FileName);
        if (File.Exists(Path))
        {
            _key = Read(Path);
        }
    }

    public string Path { get; }

    /// <summary>The pinned key, or null before the first Hello answered.</summary>
    public CommandVerifyingKey? Key => Volatile.Read(ref _key);

    /// <summary>
    /// Returns once a key is pinned: at once when one is, otherwise after Central's Hello answered with its key,
    /// asking again with backoff while Central is out of reach. The link and the allow-list download both wait for the
    /// pin; one of them asks and writes the file, the other finds the key pinned.
    /// </summary>
    public async Task PinAsync(CentralClient central, TimeProvider time, CancellationToken ct)
    {
        if (Key is not null)
        {
            return;
        }
        await _pinning.WaitAsync(ct);
        try
        {
            await AskUntilPinnedAsync(central, time, ct);
        }
        finally
        {
            _pinning.Release();
        }
    }

    private async Task AskUntilPinnedAsync(CentralClient central, TimeProvider time, CancellationToken ct)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (Key is null)
        {
            try
            {
                var hello = await central.Readers.HelloAsync(new Protos.V1.HelloRequest(), central.Call(ct, TimeSpan.FromSeconds(10)));
                if (!hello.CommandKey.IsEmpty)
                {
                    Pin(hello.CommandKey.Span);
                    return;
                }
                _logger.LogWarning("Central's Hello answer holds no command key; commands cannot be verified yet");
            }
            catch (Exception e) when (e is RpcException or HttpRequestException or CryptographicException && !ct.IsCancellationRequested)
            {
                _logger.LogWarning("Could not learn Central's command key yet: {Error}", e.Message);
            }
            await Task.Delay(backoff, time, ct);
            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, _edge.ReconnectMaxMs));
        }
    }

    /// <summary>
    /// Compares the key a later Hello offers with the pinned one: a different key is never taken, but said loudly, since
    /// commands signed with it are refused until the reader is provisioned again.
    /// </summary>
    public void Compare(ReadOnlySpan<byte> offered)
    {
        if (Key is { } pinned && !offered.IsEmpty && !offered.SequenceEqual(pinned.SubjectPublicKeyInfo))
        {
            _logger.LogError("Central offers command key {Offered}, but this agent pinned {Pinned} in {Path}; commands signed with the new key are refused until the reader is provisioned again",
                CommandSignature.KeyIdOf(offered), pinned.Id, Path);
        }
    }

    private void Pin(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        var key = CommandVerifyingKey.FromSubjectPublicKeyInfo(subjectPublicKeyInfo);
        var temporary = Path + ".tmp";
        using (var stream = OwnerOnlyFiles.Create(temporary))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(PemEncoding.WriteString(PemLabel, key.SubjectPublicKeyInfo));
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path, overwrite: false);
        Volatile.Write(ref _key, key);
        _logger.LogInformation("Pinned Central's command key {KeyId} in {Path}", key.Id, Path);
    }

    private static CommandVerifyingKey Read(string path)
    {
        var text = File.ReadAllText(path);
        try
        {
            var fields = PemEncoding.Find(text);
            if (text[fields.Label] != PemLabel)
            {
                throw new CryptographicException("not a public key");
            }
            return CommandVerifyingKey.FromSubjectPublicKeyInfo(Convert.FromBase64String(text[fields.Base64Data]));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException or FormatException)
        {
            throw new InvalidOperationException($"The pinned command key in '{path}' cannot be read ({e.Message}); restore it or provision the reader again.");
        }
    }
}
