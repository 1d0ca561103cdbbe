import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { AppConfig } from '@mosaic/config';

export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** SMTP through nodemailer; without SMTP_HOST (development only) messages are logged instead of sent. */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private readonly logger = new Logger(MailSender.name);
  private readonly transport: Transporter;
  private readonly delivering: boolean;

  constructor(private readonly config: AppConfig) {
    const smtp = config.smtp;
    this.delivering = !!smtp.host;
    this.transport = smtp.host
      ? nodemailer.createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
        })
      : nodemailer.createTransport({ jsonTransport: true });
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.config.smtp.from, ...message });
    if (!this.delivering) this.logger.log(`SMTP_HOST not set: e-mail "${message.subject}" to ${message.to} not delivered`);
  }

  onApplicationShutdown() {
    this.transport.close();
  }
}
