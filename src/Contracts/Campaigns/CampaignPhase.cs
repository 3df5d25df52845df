namespace KeypointGrains.Contracts.Campaigns;

public enum CampaignPhase
{
    NotStarted,
    Training,
    /// <summary>Every model has ended (finished, early-stopped or failed).</summary>
    Completed,
}
