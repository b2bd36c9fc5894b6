using Microsoft.Extensions.Options;
using StudentCard.Core;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;
using StudentCard.Edge.Link;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.Safety;

/// <summary>
/// The safety modes (lockdown, evacuation) Central commands for sites, as a gate reader holds them: only messages Central
/// signed for the site's topic (<see cref="CommandVerifier"/>), the newest by sequence per site; an older (replayed),
/// malformed or implausible one is refused. A sequence is implausible when it lies further ahead of the time Central
/// signed it than <see cref="CommandSignature.MaxSequenceLead"/>: Central never makes one, so even a valid signature
/// cannot carry a sequence that would keep this reader from Central's next command. No age limit: a reader back after a
/// week takes the retained current mode when it is newer than the one it holds. Its own site's signed message is kept
/// on disk across restarts and verified again at start. <see cref="Current"/> is what the tap decision applies.
/// </summary>
public sealed class SiteModes : ILinkSubscriber
{
    private readonly string? _site;
    private readonly SiteModeFile _file;
    private readonly CommandVerifier _commands;
    private readonly ILogger<SiteModes> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SiteMode> _bySite = new(StringComparer.Ordinal);
    private SiteMode? _current;

    public SiteModes(IOptions<EdgeOptions> options, CommandVerifier commands, ILogger<SiteModes> logger)
    {
        var edge = options.Value;
        _commands = commands;
        _logger = logger;
        _file = new SiteModeFile(edge.DataDirectory);
        // Only gate readers take part: the broker lets no other purpose subscribe to site modes.
        TopicFilters = edge.Type == ReaderType.Gate ? [MqttTopics.AllSiteModes] : [];
        _site = edge.Type == ReaderType.Gate ? edge.Site : null;
        Load();
    }

    /// <summary>The mode of this reader's own site (Edge:Site) as last commanded, or null when none was ever received.</summary>
    public SiteMode? Current => Volatile.Read(ref _current);

    public IReadOnlyList<string> TopicFilters { get; }

    /// <summary>The newest mode held for any site (a reader hears every site's; it applies its own).</summary>
    public SiteMode? Of(string site)
    {
        lock (_gate)
        {
            return _bySite.GetValueOrDefault(site);
        }
    }

    public void Receive(string topic, ReadOnlySpan<byte> payload)
    {
        if (_commands.TryOpen(topic, payload, out var command) && Read(topic, command) is { } mode)
        {
            Apply(mode, payload);
        }
    }

    /// <summary>The mode in a verified command, or null (logged and counted) when it is malformed, for another site or implausible.</summary>
    private SiteMode? Read(string topic, SignedCommand command)
    {
        SiteMode mode;
        try
        {
            mode = SiteModeWire.Parse(command.Payload);
        }
        catch (MalformedMessageException error)
        {
            _commands.CountRefusal();
            _logger.LogWarning("Ignored a malformed site mode on {Topic}: {Error}", topic, error.Message);
            return null;
        }
        if (SiteModeWire.SiteOf(topic) != mode.Site)
        {
            _commands.CountRefusal();
            _logger.LogWarning("Ignored a site mode for site {Site} published on another site's topic {Topic}", mode.Site, topic);
            return null;
        }
        if (mode.Sequence > command.IssuedAt.ToUnixTimeMilliseconds() + (long)CommandSignature.MaxSequenceLead.TotalMilliseconds)
        {
            _commands.CountRefusal();
            _logger.LogWarning("Ignored a {Mode} for site {Site} with an implausible sequence {Sequence}: further ahead of its signing time {IssuedAt} than Central ever counts",
                mode.Mode, mode.Site, mode.Sequence, command.IssuedAt);
            return null;
        }
        return mode;
    }

    private void Apply(SiteMode mode, ReadOnlySpan<byte> signed)
    {
        lock (_gate)
        {
            if (_bySite.TryGetValue(mode.Site, out var held) && held.Sequence >= mode.Sequence)
            {
                // The same sequence again is the retained message repeated on a reconnection: nothing to refuse.
                if (held.Sequence > mode.Sequence)
                {
                    _commands.CountRefusal();
                    _logger.LogWarning("Ignored an older {Mode} for site {Site} (sequence {Sequence}; holding {Held})", mode.Mode, mode.Site, mode.Sequence, held.Sequence);
                }
                return;
            }
            _bySite[mode.Site] = mode;
            if (mode.Site != _site)
            {
                return;
            }
            Volatile.Write(ref _current, mode);
            LogChange(mode);
            Persist(mode, signed);
        }
    }
    private void LogChange(SiteMode mode)
    {
        if (mode.Mode == SafetyMode.Normal)
        {
            _logger.LogWarning("Site {Site} is back to normal (sequence {Sequence})", mode.Site, mode.Sequence);
        }
        else
        {
            _logger.LogWarning("Site {Site} is now in {Mode} mode (sequence {Sequence}, {Overrides} override pseudonyms)", mode.Site, mode.Mode, mode.Sequence, mode.Override.Count);
        }
    }

    private void Persist(SiteMode mode, ReadOnlySpan<byte> signed)
    {
        try
        {
            _file.Write(signed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The mode is in force in memory all the same; only a restart before the next command would lose it.
            _logger.LogError("Could not store the mode of site {Site} in {Path}: {Error}", mode.Site, _file.Path, e.Message);
        }
    }

    private void Load()
    {
        if (_site is null)
        {
            return;
        }
        byte[]? signed;
        try
        {
            signed = _file.Read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogError("Could not read the stored site mode in {Path}; waiting for Central's: {Error}", _file.Path, e.Message);
            return;
        }
        if (signed is null)
        {
            return;
        }
        var topic = MqttTopics.SiteMode(_site);
        if (!_commands.TryOpen(topic, signed, out var command) || Read(topic, command) is not { } stored)
        {
            _logger.LogError("Could not read the stored site mode in {Path}; waiting for Central's: it is not a message Central signed for site {Site}", _file.Path, _site);
            return;
        }
        _bySite[stored.Site] = stored;
        _current = stored;
        _logger.LogInformation("Site {Site} starts in {Mode} mode from its stored copy (sequence {Sequence})", stored.Site, stored.Mode, stored.Sequence);
    }
}
