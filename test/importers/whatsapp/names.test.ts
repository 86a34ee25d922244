// Chat names from export file names, and which senders are phone numbers.
import { describe, expect, it } from 'vitest';
import { chatNameFromFileName, isChatFileName, looksLikePhone } from '../../../main/engine/importers/whatsapp/names';

describe('chatNameFromFileName', () => {
  it.each([
    ['WhatsApp Chat with Bob.txt', 'Bob'],
    ['WhatsApp Chat - Elon Musk (RU).zip', 'Elon Musk (RU)'],
    ['WhatsApp_Chat_with_Bob_Smith.txt', 'Bob Smith'],
    ['Chat de WhatsApp con Ana.txt', 'Ana'],
    ['WhatsApp Chat mit Anna.txt', 'Anna'],
    ['Чат WhatsApp с\u00a0Ольгой.txt', 'Ольгой'],
    ['Чат WhatsApp с контактом Ольга.txt', 'Ольга'],
    ['WhatsApp-chat met Dmitry S.txt', 'Dmitry S'],
    ['Chat WhatsApp s uživatelem Petr.txt', 'Petr'],
    ['exports/WhatsApp Chat with Group Chat XXX Android.txt', 'Group Chat XXX Android'],
  ])('%s -> %s', (file, name) => {
    expect(chatNameFromFileName(file)).toBe(name);
  });

  it('recovers nothing from names without a prefix', () => {
    expect(chatNameFromFileName('_chat.txt')).toBeUndefined();
    expect(chatNameFromFileName('notes.txt')).toBeUndefined();
    expect(chatNameFromFileName('WhatsApp Chat with .txt')).toBeUndefined();
  });

  it('knows chat text members', () => {
    expect(isChatFileName('_chat.txt')).toBe(true);
    expect(isChatFileName('sub/_chat.txt')).toBe(true);
    expect(isChatFileName('WhatsApp Chat with Bob.txt')).toBe(true);
    expect(isChatFileName('00000046-Some file.txt')).toBe(false);
    expect(isChatFileName('_chat.txt.jpg')).toBe(false);
  });
});

describe('looksLikePhone', () => {
  it.each([
    ['+91 98765 43210', true],
    ['\u202a+55\u00a061\u00a08121\u20113457\u202c', true],
    ['\u202a+40\u00a0521\u00a0028\u00a061\u00a088\u202c', true],
    ['+7 999 999-99-99', true],
    ['(555) 123-4567', true],
    ['+1 123 456 789', true],
    ['Dmitry S', false],
    ['John 2', false],
    ['12345', false],
    ['+1234567890123456789', false],
    ['~ Carol', false],
    ['__proto__', false],
    ['1'.repeat(100), false],
  ])('%j -> %s', (sender, phone) => {
    expect(looksLikePhone(sender)).toBe(phone);
  });
});
