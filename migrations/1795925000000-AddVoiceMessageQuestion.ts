import { MigrationInterface, QueryRunner } from 'typeorm';

const LABELS = {
  en: 'Would you rather say it? Record a voice note',
  fr: 'Vous préférez le dire ? Enregistrez un message vocal',
  es: '¿Prefieren decirlo? Graben una nota de voz',
  ar: 'هل تفضلون قول ذلك؟ سجلوا رسالة صوتية',
  uk: 'Хочете сказати голосом? Запишіть голосове повідомлення',
  sw: 'Mngependa kusema kwa sauti? Rekodi ujumbe wa sauti',
};
const HINTS = {
  en: 'Optional. Up to 10 MB. Do not say anyone’s name.',
  fr: 'Facultatif. 10 Mo au plus. Ne dites le nom de personne.',
  es: 'Opcional. Hasta 10 MB. No digan nombres de personas.',
  ar: 'اختياري. حتى 10 ميغابايت. لا تذكروا اسم أي شخص.',
  uk: 'Необов’язково. До 10 МБ. Не називайте нічиїх імен.',
  sw: 'Si lazima. Hadi MB 10. Msiseme jina la mtu yeyote.',
};

/** A voice-note question in the bank, for funders who add it to a tier's question set. */
export class AddVoiceMessageQuestion1795925000000 implements MigrationInterface {
  name = 'AddVoiceMessageQuestion1795925000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO questions (key, type, labels, hints) VALUES ('voice_message', 'voice_note', $1, $2) ON CONFLICT (key) DO NOTHING`,
      [JSON.stringify(LABELS), JSON.stringify(HINTS)],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM questions WHERE key = 'voice_message'`);
  }
}
