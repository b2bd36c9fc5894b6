using Microsoft.Extensions.Options;
using StudentCard.Core;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;
using StudentCard.Edge.Link;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.Safety;

/// <summary>
/// The safety modes (lockdown, evacuation) Central commands for sites, as a gate reader holds them: the newest
/// by sequence per site, an older or malformed message ignored, its own site's mode kept on disk across restarts.
/// <see cref="Current"/> is what the tap decision applies.
/// </summary>
public sealed class SiteModes : ILinkSubscriber
{
    private readonly string? _site;
    private readonly SiteModeFile _file;
    private readonly ILogger<SiteModes> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SiteMode> _bySite = new(StringComparer.Ordinal);
    private SiteMode? _current;

    public SiteModes(IOptions<EdgeOptions> options, ILogger<SiteModes> logger)
    {
        var edge = options.Value;
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
        SiteMode mode;
        try
        {
            mode = SiteModeWire.Parse(payload);
        }
        catch (MalformedMessageException error)
        {
            _logger.LogWarning("Ignored a malformed site mode on {Topic}: {Error}", topic, error.Message);
            return;
        }
        if (SiteModeWire.SiteOf(topic) != mode.Site)
        {
            _logger.LogWarning("Ignored a site mode for site {Site} published on another site's topic {Topic}", mode.Site, topic);
            return;
        }
        Apply(mode);
    }

    private void Apply(SiteMode mode)
    {
        lock (_gate)
        {
            if (_bySite.TryGetValue(mode.Site, out var held) && held.Sequence >= mode.Sequence)
            {
                if (held.Sequence > mode.Sequence)
                {
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
            Persist(mode);
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

    private void Persist(SiteMode mode)
    {
        try
        {
            _file.Write(mode);
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
        try
        {
            if (_file.Read() is not { } stored)
            {
                return;
            }
            if (stored.Site != _site)
            {
                _logger.LogWarning("Ignored the stored mode in {Path}: it is for site {Stored}, this reader stands at {Site}", _file.Path, stored.Site, _site);
                return;
            }
            _bySite[stored.Site] = stored;
            _current = stored;
            _logger.LogInformation("Site {Site} starts in {Mode} mode from its stored copy (sequence {Sequence})", stored.Site, stored.Mode, stored.Sequence);
        }
        catch (Exception e) when (e is MalformedMessageException or IOException or UnauthorizedAccessException)
        {
            _logger.LogError("Could not read the stored site mode in {Path}; waiting for Central's: {Error}", _file.Path, e.Message);
        }
    }
}
