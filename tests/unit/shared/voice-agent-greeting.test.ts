import { describe, expect, it } from 'vitest';
import { AI_DISCLOSURE_LINE, closingAsHeard, DEFAULT_VOICE_AGENT_SETTINGS, openingAsHeard, voiceAgentSettingsSchema, type VoiceAgentSettings } from '../../../shared';

const withName = (businessName: string): VoiceAgentSettings => ({ ...DEFAULT_VOICE_AGENT_SETTINGS, persona: { ...DEFAULT_VOICE_AGENT_SETTINGS.persona, businessName } });

describe('the business name callers hear', () => {
  it('is the account name when none is set, never a placeholder', () => {
    expect(openingAsHeard(DEFAULT_VOICE_AGENT_SETTINGS, 'Northside Plumbing').text).toBe(
      `${AI_DISCLOSURE_LINE} Thanks for calling Northside Plumbing, this is Riley. How can I help you today?`,
    );
    expect(closingAsHeard(DEFAULT_VOICE_AGENT_SETTINGS, 'Northside Plumbing')).toBe('Thanks for calling Northside Plumbing. Have a great day!');
  });

  it('is the account name for settings saved with the old "Our team" placeholder or only spaces', () => {
    expect(closingAsHeard(withName('Our team'), 'Southside Heating & Air')).toBe('Thanks for calling Southside Heating & Air. Have a great day!');
    expect(closingAsHeard(withName('   '), 'Southside Heating & Air')).toBe('Thanks for calling Southside Heating & Air. Have a great day!');
  });

  it('is the name an admin set, when set', () => {
    expect(closingAsHeard(withName('Southside Comfort'), 'Southside Heating & Air')).toBe('Thanks for calling Southside Comfort. Have a great day!');
  });

  it('may be saved empty (it then follows the account name), and settings stored without it still read', () => {
    expect(voiceAgentSettingsSchema.safeParse(withName('')).success).toBe(true);
    const { businessName: _, ...persona } = DEFAULT_VOICE_AGENT_SETTINGS.persona;
    expect(voiceAgentSettingsSchema.parse({ ...DEFAULT_VOICE_AGENT_SETTINGS, persona }).persona.businessName).toBe('');
  });
});
