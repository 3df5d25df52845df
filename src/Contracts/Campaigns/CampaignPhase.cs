namespace KeypointGrains.Contracts.Campaigns;

public enum CampaignPhase
{
    NotStarted,
    Training,
    /// <summary>Every model has ended (finished, early-stopped, failed or skipped).</summary>
    Completed,
}
