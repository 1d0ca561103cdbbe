import { QuestionType, Translations } from './vocabulary';

export interface BankQuestion {
  key: string;
  type: QuestionType;
  wordLimit?: number;
  labels: Translations;
  hints: Translations;
}

/**
 * The default bank: plain words, short limits. The T0 set is the six questions of the brief; larger
 * tiers add questions. Translations: en, fr, es, ar, uk, sw.
 */
export const DEFAULT_QUESTION_BANK: BankQuestion[] = [
  {
    key: 'who_you_are',
    type: QuestionType.LongText,
    wordLimit: 80,
    labels: { en: 'Who are you?', fr: 'Qui êtes-vous ?', es: '¿Quiénes son ustedes?', ar: 'من أنتم؟', uk: 'Хто ви?', sw: 'Ninyi ni nani?' },
    hints: {
      en: 'Your group, where you work, and how many people are in it.',
      fr: 'Votre groupe, où vous travaillez et combien de personnes en font partie.',
      es: 'Su grupo, dónde trabajan y cuántas personas lo forman.',
      ar: 'مجموعتكم، وأين تعملون، وكم عدد أعضائها.',
      uk: 'Ваша група, де ви працюєте і скільки в ній людей.',
      sw: 'Kikundi chenu, mnapofanyia kazi, na idadi ya watu ndani yake.',
    },
  },
  {
    key: 'how_much_for_what',
    type: QuestionType.LongText,
    wordLimit: 80,
    labels: {
      en: 'How much do you ask for, and for what?',
      fr: 'Combien demandez-vous, et pour quoi ?',
      es: '¿Cuánto piden y para qué?',
      ar: 'كم تطلبون، ولأي غرض؟',
      uk: 'Скільки ви просите і на що?',
      sw: 'Mnaomba kiasi gani, na kwa ajili ya nini?',
    },
    hints: {
      en: 'Give the amount, then split it by category below. The lines must add up to the amount.',
      fr: 'Indiquez le montant, puis répartissez-le par catégorie ci-dessous. Les lignes doivent faire le total.',
      es: 'Indiquen el monto y repártanlo por categoría abajo. Las líneas deben sumar el monto.',
      ar: 'اكتبوا المبلغ، ثم وزعوه على الفئات أدناه. يجب أن يساوي مجموع البنود المبلغ.',
      uk: 'Вкажіть суму, а потім розподіліть її за категоріями нижче. Рядки мають скластися в суму.',
      sw: 'Andikeni kiasi, kisha kigawanye kwa makundi hapa chini. Mistari iwe sawa na kiasi.',
    },
  },
  {
    key: 'what_you_will_do',
    type: QuestionType.LongText,
    wordLimit: 150,
    labels: { en: 'What will you do?', fr: 'Que ferez-vous ?', es: '¿Qué harán?', ar: 'ماذا ستفعلون؟', uk: 'Що ви робитимете?', sw: 'Mtafanya nini?' },
    hints: {
      en: 'The main activities, where and when.',
      fr: 'Les principales activités, où et quand.',
      es: 'Las actividades principales, dónde y cuándo.',
      ar: 'الأنشطة الرئيسية، وأين ومتى.',
      uk: 'Основні дії, де і коли.',
      sw: 'Shughuli kuu, wapi na lini.',
    },
  },
  {
    key: 'for_whom',
    type: QuestionType.LongText,
    wordLimit: 100,
    labels: { en: 'For whom?', fr: 'Pour qui ?', es: '¿Para quién?', ar: 'لمن؟', uk: 'Для кого?', sw: 'Kwa ajili ya nani?' },
    hints: {
      en: 'Who will benefit, and about how many people. Do not write anyone’s name.',
      fr: 'Qui en bénéficiera, et environ combien de personnes. N’écrivez le nom de personne.',
      es: 'Quiénes se beneficiarán y cuántas personas, aproximadamente. No escriban nombres de personas.',
      ar: 'من سيستفيد، وكم عدد الأشخاص تقريباً. لا تكتبوا اسم أي شخص.',
      uk: 'Хто отримає користь і приблизно скільки людей. Не пишіть нічиїх імен.',
      sw: 'Nani watanufaika, na takriban watu wangapi. Msiandike jina la mtu yeyote.',
    },
  },
  {
    key: 'survivors_shaped',
    type: QuestionType.LongText,
    wordLimit: 100,
    labels: {
      en: 'How did survivors shape this idea?',
      fr: 'Comment les survivantes ont-elles façonné cette idée ?',
      es: '¿Cómo dieron forma las sobrevivientes a esta idea?',
      ar: 'كيف ساهمت الناجيات في تشكيل هذه الفكرة؟',
      uk: 'Як постраждалі вплинули на цю ідею?',
      sw: 'Manusura walichangiaje wazo hili?',
    },
    hints: {
      en: 'How you asked them, and what changed because of what they said. No names.',
      fr: 'Comment vous les avez consultées, et ce qui a changé grâce à elles. Sans noms.',
      es: 'Cómo les consultaron y qué cambió gracias a lo que dijeron. Sin nombres.',
      ar: 'كيف استشرتموهن، وما الذي تغيّر بسبب ما قلنه. بدون أسماء.',
      uk: 'Як ви їх питали і що змінилося завдяки їхнім словам. Без імен.',
      sw: 'Mliwaulizaje, na nini kilibadilika kwa sababu ya walichosema. Bila majina.',
    },
  },
  {
    key: 'reach_safely',
    type: QuestionType.LongText,
    wordLimit: 60,
    labels: {
      en: 'How can we reach you safely?',
      fr: 'Comment pouvons-nous vous joindre en toute sécurité ?',
      es: '¿Cómo podemos contactarles de forma segura?',
      ar: 'كيف يمكننا التواصل معكم بأمان؟',
      uk: 'Як ми можемо безпечно з вами зв’язатися?',
      sw: 'Tunawezaje kuwafikia kwa usalama?',
    },
    hints: {
      en: 'A phone, e-mail or messaging app we may use, and anything we must avoid.',
      fr: 'Un téléphone, un e-mail ou une messagerie à utiliser, et ce que nous devons éviter.',
      es: 'Un teléfono, correo o aplicación de mensajería que podamos usar, y lo que debemos evitar.',
      ar: 'هاتف أو بريد إلكتروني أو تطبيق مراسلة يمكننا استخدامه، وما يجب أن نتجنبه.',
      uk: 'Телефон, e-mail чи месенджер, яким можна користуватися, і чого слід уникати.',
      sw: 'Simu, barua pepe au programu ya ujumbe tunayoweza kutumia, na lolote tunalopaswa kuepuka.',
    },
  },
  {
    key: 'track_record',
    type: QuestionType.LongText,
    wordLimit: 150,
    labels: { en: 'What have you done before?', fr: 'Qu’avez-vous déjà fait ?', es: '¿Qué han hecho antes?', ar: 'ماذا فعلتم من قبل؟', uk: 'Що ви робили раніше?', sw: 'Mmefanya nini hapo awali?' },
    hints: {
      en: 'Two or three things your group has done, with or without funding.',
      fr: 'Deux ou trois choses que votre groupe a faites, avec ou sans financement.',
      es: 'Dos o tres cosas que su grupo ha hecho, con o sin financiación.',
      ar: 'شيئان أو ثلاثة قامت بها مجموعتكم، بتمويل أو بدونه.',
      uk: 'Дві-три справи, які ваша група зробила, з фінансуванням чи без.',
      sw: 'Mambo mawili au matatu ambayo kikundi chenu kimefanya, kwa ufadhili au bila.',
    },
  },
  {
    key: 'safeguarding_policy',
    type: QuestionType.YesNo,
    labels: {
      en: 'Do you have a written safeguarding policy?',
      fr: 'Avez-vous une politique de protection écrite ?',
      es: '¿Tienen una política de salvaguarda escrita?',
      ar: 'هل لديكم سياسة حماية مكتوبة؟',
      uk: 'Чи маєте ви письмову політику захисту?',
      sw: 'Je, mna sera ya ulinzi iliyoandikwa?',
    },
    hints: {
      en: 'It is fine to answer no: a mentor can help you write one.',
      fr: 'Vous pouvez répondre non : un·e mentor peut vous aider à en rédiger une.',
      es: 'Pueden responder que no: una mentora puede ayudarles a escribirla.',
      ar: 'لا بأس بالإجابة بلا: يمكن لمرشدة مساعدتكم في كتابتها.',
      uk: 'Можна відповісти «ні»: наставниця допоможе її написати.',
      sw: 'Ni sawa kujibu hapana: mshauri anaweza kuwasaidia kuiandika.',
    },
  },
  {
    key: 'risks',
    type: QuestionType.LongText,
    wordLimit: 100,
    labels: {
      en: 'What could go wrong, and what will you do then?',
      fr: 'Qu’est-ce qui pourrait mal tourner, et que ferez-vous alors ?',
      es: '¿Qué podría salir mal y qué harían entonces?',
      ar: 'ما الذي قد يحدث بشكل خاطئ، وماذا ستفعلون حينها؟',
      uk: 'Що може піти не так і що ви тоді зробите?',
      sw: 'Nini kinaweza kwenda vibaya, na mtafanya nini?',
    },
    hints: {
      en: 'Including risks to the safety of the people you work with.',
      fr: 'Y compris les risques pour la sécurité des personnes avec qui vous travaillez.',
      es: 'Incluidos los riesgos para la seguridad de las personas con quienes trabajan.',
      ar: 'بما في ذلك المخاطر على سلامة الأشخاص الذين تعملون معهم.',
      uk: 'Зокрема ризики для безпеки людей, з якими ви працюєте.',
      sw: 'Ikiwemo hatari kwa usalama wa watu mnaofanya nao kazi.',
    },
  },
  {
    key: 'governance',
    type: QuestionType.LongText,
    wordLimit: 150,
    labels: {
      en: 'Who makes decisions in your organisation, and how?',
      fr: 'Qui prend les décisions dans votre organisation, et comment ?',
      es: '¿Quién toma las decisiones en su organización y cómo?',
      ar: 'من يتخذ القرارات في منظمتكم، وكيف؟',
      uk: 'Хто ухвалює рішення у вашій організації і як?',
      sw: 'Nani hufanya maamuzi katika shirika lenu, na vipi?',
    },
    hints: { en: 'A board, a committee, a general meeting...', fr: 'Un conseil, un comité, une assemblée...', es: 'Una junta, un comité, una asamblea...', ar: 'مجلس، لجنة، جمعية عامة...', uk: 'Правління, комітет, загальні збори...', sw: 'Bodi, kamati, mkutano mkuu...' },
  },
  {
    key: 'results',
    type: QuestionType.LongText,
    wordLimit: 150,
    labels: {
      en: 'How will you know it worked?',
      fr: 'Comment saurez-vous que cela a fonctionné ?',
      es: '¿Cómo sabrán que funcionó?',
      ar: 'كيف ستعرفون أن المشروع نجح؟',
      uk: 'Як ви дізнаєтеся, що це спрацювало?',
      sw: 'Mtajuaje kwamba imefanikiwa?',
    },
    hints: { en: 'What you will see or count at the end.', fr: 'Ce que vous verrez ou compterez à la fin.', es: 'Lo que verán o contarán al final.', ar: 'ما سترونه أو تعدّونه في النهاية.', uk: 'Що ви побачите чи порахуєте наприкінці.', sw: 'Mtakachoona au kuhesabu mwishoni.' },
  },
  {
    key: 'registration_document',
    type: QuestionType.File,
    labels: {
      en: 'Your registration certificate',
      fr: 'Votre certificat d’enregistrement',
      es: 'Su certificado de registro',
      ar: 'شهادة تسجيلكم',
      uk: 'Ваше свідоцтво про реєстрацію',
      sw: 'Cheti chenu cha usajili',
    },
    hints: { en: 'PDF or photo, up to 10 MB.', fr: 'PDF ou photo, 10 Mo au plus.', es: 'PDF o foto, hasta 10 MB.', ar: 'ملف PDF أو صورة، حتى 10 ميغابايت.', uk: 'PDF або фото, до 10 МБ.', sw: 'PDF au picha, hadi MB 10.' },
  },
];

const T0 = ['who_you_are', 'how_much_for_what', 'what_you_will_do', 'for_whom', 'survivors_shaped', 'reach_safely'];
const T1 = [...T0, 'track_record', 'safeguarding_policy', 'risks'];
const T2 = [...T1, 'governance', 'results'];

const required = (keys: string[]) => keys.map((questionKey) => ({ questionKey, required: true }));

/** The default question set per tier: every question required except documents. */
export const DEFAULT_QUESTION_SETS = {
  T0: required(T0),
  T1: required(T1),
  T2: [...required(T2), { questionKey: 'registration_document', required: false }],
};
