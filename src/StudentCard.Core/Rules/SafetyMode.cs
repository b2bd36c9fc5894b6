namespace StudentCard.Core.Rules;

/// <summary>A site's safety state, set by an authorised admin for every gate of the site at once.</summary>
public enum SafetyMode
{
    Normal = 0,
    Lockdown = 1,
    Evacuation = 2,
}
